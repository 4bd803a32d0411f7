import { SshAccess, SshSettings } from "../provisioning/ssh";
import { domainErrors } from "./cluster-options";
import { NodeKind } from "./node-kind";
import { NodeRoleLayout, roleLayoutErrors } from "./roles";

/** What the cluster-wide checks look at, once every addXxx() call has run. */
export interface ClusterValidationInput {
  readonly domain: string;
  /** Problems found while the addXxx() calls ran (bad counts, flavors, ...). */
  readonly optionErrors: string[];
  readonly layout: NodeRoleLayout[];
  readonly kinds: NodeKind[];
  readonly ssh?: SshSettings;
  readonly provisioning: boolean;
  readonly hasSharedDropletVolume: boolean;
}

/** Cluster-wide validation messages; each names the prop or method and the fix. */
export function clusterErrors(input: ClusterValidationInput): string[] {
  const errors = [...domainErrors(input.domain), ...input.optionErrors, ...roleLayoutErrors(input.layout)];
  errors.push(...SshAccess.errors(input.provisioning, input.ssh));
  const controllers = input.layout.filter((l) => l.roles.includes("controller")).reduce((sum, l) => sum + l.count, 0);
  if (controllers > 1 && !input.hasSharedDropletVolume) {
    errors.push(`controllers: ${controllers} controllers need a SharedDropletVolume to share droplets; call cluster.addSharedDropletVolume()`);
  }
  if (input.kinds.includes(NodeKind.LOAD_BALANCER) && !input.kinds.includes(NodeKind.ROUTER)) {
    errors.push("addLoadBalancer: a load balancer spreads traffic over routers, and there are none; add them with addRouters()");
  }
  return errors;
}
