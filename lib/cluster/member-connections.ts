import { SSHProvisionerConnection } from "cdktf";
import { SshAccess } from "../provisioning/ssh";
import { Member } from "./members";

/**
 * One SSH connection block per node, shared by all of the node's steps: its host and bastion are
 * read at synth, because floating IPs move while nodes are added.
 */
export class MemberConnections {
  private readonly byMember = new Map<Member, SSHProvisionerConnection>();

  constructor(
    private readonly ssh: SshAccess,
    private readonly bastion: () => string | undefined,
  ) {}

  /** The same connection as values for a destroy-time provisioner's own state (see SshAccess.connectionInputs). */
  inputsFor(member: Member): Record<string, string> {
    const server = member.server;
    return this.ssh.connectionInputs(
      () => server.sshHost,
      () => (server._hasFloatingIp ? undefined : this.bastion()),
      member.name,
    );
  }

  to(member: Member): SSHProvisionerConnection {
    let connection = this.byMember.get(member);
    if (!connection) {
      const server = member.server;
      connection = this.ssh.lateConnection(
        () => server.sshHost,
        () => (server._hasFloatingIp ? undefined : this.bastion()),
        member.name,
      );
      this.byMember.set(member, connection);
    }
    return connection;
  }
}
