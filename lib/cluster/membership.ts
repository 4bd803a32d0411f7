import { DataResource, TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { dependencyToken } from "../provisioning/dependency";
import { lateAny } from "../private/late-value";
import { leaveLoadBalancerScript, removeNodeScript } from "../provisioning/scripts";
import { SshAccess } from "../provisioning/ssh";
import { Member } from "./members";
import { NodeKind } from "../base/node-kind";

/** What the membership resources read from the cluster; the member list grows with every addXxx() call. */
export interface MembershipSource {
  readonly members: readonly Member[];
  /** A node's ssh connection as values for a destroy-time provisioner's own state. */
  connectionInputs(member: Member): Record<string, string>;
}

/**
 * Removing nodes from a live cluster. One `terraform_data` block per cluster, with one instance per
 * node (`for_each` keyed by node name), whose destroy-time provisioner runs on the core before the
 * node's instance is destroyed: `kato node retire` for a DEA, then `kato node remove` (see
 * removeNodeScript). Why this shape (README, "Scaling in"):
 * - the block stays in the configuration when a node goes (by a count going down or a whole
 *   addXxx() call removed), so Terraform runs the provisioner; a per-node block would vanish with its
 *   node, and a removed block's destroy provisioners never run;
 * - it depends on every node's instance, so a node's instance is destroyed after its membership;
 * - destroy-time provisioners may read only `self`: the node's address and the core's ssh
 *   connection are in `input`; a changed core address updates `input` in place, while only a new
 *   instance of the node (`triggers_replace`) replaces the membership and runs the removal;
 * - no `create_before_destroy`, which would stop destroy provisioners and propagate to instances.
 * With a load balancer, a second block takes each router out of its pool first (on the load balancer).
 */
export class ClusterMembership {
  private pool?: DataResource;
  private readonly nodes: DataResource;

  /** Built once the core exists: removals run there. */
  constructor(
    private readonly scope: Construct,
    private readonly source: MembershipSource,
    core: Member,
  ) {
    const others = () => source.members.slice(1);
    this.nodes = this.membership("Membership", others, (m) => ({
      retire: m.kind === NodeKind.DEA ? "yes" : "no",
    }));
    this.nodes.addOverride("input", {
      ...this.nodeInputs(),
      retire: "${each.value.retire}",
      ...source.connectionInputs(core),
    });
    this.nodes.addOverride("provisioner", [
      {
        "remote-exec": {
          when: "destroy",
          inline: [
            removeNodeScript({ nodeIp: "", nodeName: "", retire: "" }).renderWithExpressions({
              NODE_IP: "self.input.node_ip",
              NODE_NAME: "self.input.node_name",
              RETIRE: "self.input.retire",
              PROBE_PORT: '"22"',
            }),
          ],
        },
      },
    ]);
  }

  /** Called as nodes are added: the first load balancer brings the routers' pool membership. */
  update(): void {
    const lb = this.source.members.find((m) => m.kind === NodeKind.LOAD_BALANCER);
    if (!lb || this.pool) return;
    const routers = () => this.source.members.filter((m) => m.kind === NodeKind.ROUTER);
    this.pool = this.membership("LoadBalancerPool", routers, () => ({}));
    this.pool.addOverride("input", { ...this.nodeInputs(), ...this.source.connectionInputs(lb) });
    this.pool.addOverride("provisioner", [
      {
        "remote-exec": {
          when: "destroy",
          inline: [
            leaveLoadBalancerScript({ nodeIp: "", nodeName: "" }).renderWithExpressions({
              NODE_IP: "self.input.node_ip",
              NODE_NAME: "self.input.node_name",
            }),
          ],
        },
      },
    ]);
    // Destroyed first: a router leaves the load balancer's pool before it leaves the cluster.
    this.pool.dependsOn = [dependencyToken(this.nodes)];
  }

  /** The resources whose changes the load balancer's setup follows. */
  get loadBalancerPool(): TerraformResource | undefined {
    return this.pool;
  }

  private membership(
    id: string,
    members: () => readonly Member[],
    extra: (m: Member) => Record<string, string>,
  ): DataResource {
    const resource = new DataResource(this.scope, id, {});
    resource.addOverride(
      "for_each",
      // Keyed by node name, read at synth so that nodes added later are in it.
      lateAny(() =>
        Object.fromEntries(
          members().map((m) => [
            m.name,
            { instance_id: m.server.instanceId, node_ip: m.server.privateIp, node_name: m.name, ...extra(m) },
          ]),
        ),
      ),
    );
    resource.addOverride("triggers_replace", "${each.value.instance_id}");
    resource.addOverride("connection", SshAccess.selfConnection());
    return resource;
  }

  private nodeInputs(): Record<string, string> {
    return { node_ip: "${each.value.node_ip}", node_name: "${each.value.node_name}" };
  }
}
