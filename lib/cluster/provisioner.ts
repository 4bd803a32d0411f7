import { ITerraformDependable, TerraformResource } from "cdktf";
import { dependencyToken } from "../provisioning/dependency";
import { PlanDependency, planProvisioning } from "../provisioning/plan";
import { Member } from "./members";
import { ClusterMembership } from "./membership";
import { ProvisionerSource, renderStep } from "./step-rendering";
import { Construct } from "constructs";
import { SharedDropletVolume } from "../storage/shared-droplet-volume";
import { StackatoClusterProps } from "./cluster-props";
import { MemberConnections } from "./member-connections";

/** What a cluster's steps read: its props, its growing member list, and its droplets volume once added. */
export function provisionerSource(
  cluster: Construct & { readonly clusterName: string; readonly domain: string },
  props: StackatoClusterProps,
  members: readonly Member[],
  sharedDroplets: () => SharedDropletVolume | undefined,
  connections: MemberConnections,
): ProvisionerSource {
  return {
    members,
    get sharedDroplets() {
      return sharedDroplets();
    },
    clusterName: cluster.clusterName,
    domain: cluster.domain,
    coreExtraRoles: props.core?.extraRoles ?? [],
    stackatoVersion: props.stackatoVersion ?? "3.6.2",
    licenseKey: props.licenseKey,
    certificateGeneration: props.certificateGeneration ?? 0,
    clusterScope: cluster,
    sslDirectory: `../../../.stackato-keys/${cluster.clusterName}/ssl`,
    connectionTo: (member) => connections.to(member),
    connectionInputs: (member) => connections.inputsFor(member),
  };
}

/**
 * Turns the provisioning plan into `null_resource`s as the cluster grows. The plan only ever gains
 * steps and dependencies when nodes are added, so each addXxx() call renders the new steps and
 * appends the new dependencies of existing ones: nothing is built at synth.
 */
export class ClusterProvisioner {
  private readonly rendered = new Map<string, { readonly resource: TerraformResource; declared: number }>();
  private membership?: ClusterMembership;

  constructor(private readonly source: ProvisionerSource) {}

  update(): void {
    const [core] = this.source.members;
    this.membership ??= new ClusterMembership(this.source.clusterScope, this.source, core);
    this.membership.update();
    const byName = new Map(this.source.members.map((m) => [m.name, m]));
    const plan = planProvisioning({
      nodes: this.source.members.map((m) => ({
        name: m.name,
        kind: m.kind,
        roles: m.roles,
        hasServicesVolume: m.dataVolume !== undefined,
        externalMysql: m.externalMysql !== undefined,
        externalPostgresql: m.externalPostgresql !== undefined,
      })),
      sharedDroplets: this.source.sharedDroplets !== undefined,
      stackatoVersion: this.source.stackatoVersion,
      license: this.source.licenseKey !== undefined,
    });
    for (const step of plan) {
      const existing = this.rendered.get(step.id);
      if (!existing) {
        const resource = renderStep(step, byName, this.source, []);
        // Our own depends_on tokens: cdktf's for a dependsOn prop record a stack trace each.
        if (step.after.length > 0) resource.dependsOn = step.after.map((d) => dependencyToken(this.resolve(d, byName)));
        this.rendered.set(step.id, { resource, declared: step.after.length });
        continue;
      }
      // A later node adds to what an existing step waits for (the load balancer waits for every router);
      // the plan only ever appends, which is what lets steps be built as nodes are added.
      if (step.after.length < existing.declared)
        throw new Error(`internal: the plan dropped dependencies of ${step.id}`);
      for (const dependency of step.after.slice(existing.declared)) {
        existing.resource.dependsOn = [
          ...(existing.resource.dependsOn ?? []),
          dependencyToken(this.resolve(dependency, byName)),
        ];
      }
      existing.declared = step.after.length;
    }
  }

  private resolve(dependency: PlanDependency, byName: Map<string, Member>): ITerraformDependable {
    if ("step" in dependency) return this.rendered.get(dependency.step)!.resource;
    if ("reachable" in dependency) return byName.get(dependency.reachable)!.server.reachable;
    const member = byName.get(dependency.volumeAttached)!;
    const volume = member.dataVolume?.storage ?? this.source.sharedDroplets!.storage;
    return volume.attachment;
  }
}
