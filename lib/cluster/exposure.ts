import { Member, exposedMembers } from "./members";

/**
 * Which nodes the internet reaches (the load balancer, else the routers, else the core), for a
 * member list that grows with every addXxx() call. Exposure only changes when nodes are added, and
 * synth asks once per port and step, so the answer is kept per layout.
 */
export class ClusterExposure {
  private cache?: { readonly memberCount: number; readonly nodes: Member[] };

  constructor(private readonly members: readonly Member[]) {}

  get nodes(): Member[] {
    if (this.cache?.memberCount !== this.members.length) {
      this.cache = { memberCount: this.members.length, nodes: exposedMembers(this.members) };
    }
    return this.cache.nodes;
  }

  isExposed(member: Member): boolean {
    return this.nodes.includes(member);
  }

  /**
   * Floating IPs go to the exposed nodes only: a node's reserved address when it has one, else a new
   * one from `pool`. Exposure moves as nodes are added (routers, then a load balancer, take over from
   * the core), so a node that stops being exposed gives its floating IP back (a reserved one is only
   * dissociated); everything that reads a node's public address or ssh route does so at synth.
   */
  moveFloatingIps(pool: string | undefined): void {
    const exposed = new Set(this.nodes);
    for (const member of this.members) {
      const server = member.server;
      const reserved = exposed.has(member) ? member.reservedFloatingIp?.address : undefined;
      if (!exposed.has(member)) server._removeFloatingIp();
      else if (reserved !== undefined && !server.reservedFloatingIp) server.useReservedFloatingIp(reserved);
      else if (reserved === undefined && pool !== undefined && !server._hasFloatingIp) server.addFloatingIp(pool);
    }
  }

  /** The first exposed node's floating IP: the jump host for nodes without one. */
  get bastion(): string | undefined {
    return this.nodes.find((n) => n.server._hasFloatingIp)?.server.publicIp;
  }
}
