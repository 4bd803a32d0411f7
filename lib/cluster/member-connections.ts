import { SSHProvisionerConnection } from "cdktf";
import { SshAccess } from "../provisioning/ssh";
import { Member } from "./members";

/**
 * One SSH connection block per node, shared by all of the node's steps: a front-door node is reached
 * at its floating IP, any other through the front door's first one (or at its fixed IP without one).
 */
export class MemberConnections {
  private readonly byMember = new Map<Member, SSHProvisionerConnection>();

  constructor(
    private readonly ssh: SshAccess,
    private readonly bastion: () => string | undefined,
  ) {}

  /** The same connection as values for a destroy-time provisioner's own state (see SshAccess.connectionInputs). */
  inputsFor(member: Member): Record<string, string> {
    return this.ssh.connectionInputs(member.server.sshHost, this.bastionFor(member), member.name);
  }

  to(member: Member): SSHProvisionerConnection {
    let connection = this.byMember.get(member);
    if (!connection) {
      connection = this.ssh.connection(member.server.sshHost, this.bastionFor(member), member.name);
      this.byMember.set(member, connection);
    }
    return connection;
  }

  private bastionFor(member: Member): string | undefined {
    return member.server.hasFloatingIp ? undefined : this.bastion();
  }
}
