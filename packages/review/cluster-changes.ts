/**
 * What a change does to a running Stackato cluster, in Stackato's words: nodes that are retired and
 * removed from the cluster, nodes that join, are re-created or renamed, and load balancers set up
 * again. Read from the membership blocks (`terraform_data` with one instance per node, whose
 * destroy-time provisioners run `kato node retire`/`node remove`), the servers' names and the load
 * balancer's setup step.
 */
import { ResourceChange } from "./diff";
import { code } from "./markdown";
import { asObject, asString, Json, referencedAddress, ResourceConfig, StackConfig } from "./stack-config";

/** One membership instance: a node of the cluster as its `for_each` entry holds it. */
interface MemberEntry {
  readonly name: string;
  /** The instance resource its `instance_id` references, e.g. `openstack_compute_instance_v2.X`. */
  readonly instance?: string;
  readonly retire: boolean;
}

export interface ClusterChanges {
  /** Bullets for the report, in Stackato's words. */
  readonly lines: string[];
  /** Instances destroyed because their node leaves the cluster on purpose, by address → node name. */
  readonly leaving: Map<string, string>;
  /** Lines that must be read before merging: a healthy node would be removed from the cluster. */
  readonly cautions: string[];
  /** Floating IPs destroyed because their node, which stays, leaves the front door: by address → node name. */
  readonly leavingFrontDoor: Map<string, string>;
}

const isMembership = (r: ResourceConfig) =>
  r.type === "terraform_data" && r.mode === "managed" && "retire" in asObject(r.body.input);
const isPool = (r: ResourceConfig) =>
  r.type === "terraform_data" &&
  r.mode === "managed" &&
  !("retire" in asObject(r.body.input)) &&
  Object.values(asObject(r.body.for_each)).some((v) => "node_name" in asObject(v));

function entries(stack: StackConfig | undefined, address: string): Map<string, MemberEntry> {
  const block = stack?.resources.get(address);
  const out = new Map<string, MemberEntry>();
  if (!block) return out;
  for (const [key, value] of Object.entries(asObject(block.body.for_each))) {
    const v = asObject(value as Json);
    out.set(key, {
      name: asString(v.node_name) ?? key,
      instance: referencedAddress(v.instance_id, stack!.resources),
      retire: asString(v.retire) === "yes",
    });
  }
  return out;
}

const names = (list: string[]) => list.map(code).join(", ");

export function clusterChanges(
  base: StackConfig | undefined,
  head: StackConfig | undefined,
  changes: ResourceChange[],
): ClusterChanges {
  const lines: string[] = [];
  const cautions: string[] = [];
  const leaving = new Map<string, string>();
  const byAddress = new Map(changes.map((c) => [c.address, c]));
  const blocks = (stack: StackConfig | undefined, test: (r: ResourceConfig) => boolean) =>
    [...(stack?.resources.values() ?? [])].filter(test).map((r) => r.address);
  const poolLeavers = new Set<string>();
  for (const address of new Set([...blocks(base, isPool), ...blocks(head, isPool)])) {
    const before = entries(base, address);
    const after = entries(head, address);
    for (const key of before.keys()) if (!after.has(key)) poolLeavers.add(key);
  }
  for (const address of new Set([...blocks(base, isMembership), ...blocks(head, isMembership)])) {
    const before = entries(base, address);
    const after = entries(head, address);
    const gone = [...before.values()].filter((e) => !after.has(e.name));
    const come = [...after.values()].filter((e) => !before.has(e.name));
    for (const node of gone) {
      // The same server under a new key: a rename. Terraform destroys the old key's instance, whose
      // provisioner removes the node from the cluster, and nothing attaches it again.
      const renamed = come.find((c) => c.instance !== undefined && c.instance === node.instance);
      if (renamed) {
        cautions.push(
          `${code(node.name)} will be renamed to ${code(renamed.name)}, and its membership is keyed by name: Terraform removes it from the cluster (\`kato node remove\` on the core) while it is up, and nothing attaches it again. Keep the node's name (the cluster's \`name\` and the order of its addXxx() calls), or run \`kato node attach\` on it after the apply.`,
        );
        continue;
      }
      const steps = [
        ...(poolLeavers.has(node.name) ? ["taken out of the load balancer"] : []),
        ...(node.retire ? ["retired"] : []),
        "removed from the cluster",
      ];
      const how = node.retire
        ? "`kato node retire`, then `kato node remove` on the core"
        : "`kato node remove` on the core";
      lines.push(
        `${code(node.name)} will be ${steps.slice(0, -1).join(", ")}${steps.length > 1 ? " and " : ""}${steps[steps.length - 1]} (${how}), then its VM is destroyed`,
      );
      if (node.instance) leaving.set(node.instance, node.name);
    }
    // A membership of a server that already runs (a cluster made before memberships existed) attaches nothing.
    const joining = come.filter((c) => c.instance !== undefined && byAddress.get(c.instance)?.action === "create");
    for (const node of joining) lines.push(`${code(node.name)} will join the cluster (\`kato node attach\`)`);
    for (const [key, node] of after) {
      const old = before.get(key);
      if (old && node.instance && byAddress.get(node.instance)?.action === "replace") {
        lines.push(`${code(node.name)} will be removed from the cluster, then join it again on its new VM`);
      }
    }
  }
  lines.push(...renamedServers(changes, head));
  const leavingFrontDoor = frontDoorLeavers(base, changes);
  for (const node of new Set(leavingFrontDoor.values())) {
    lines.push(
      `${code(node)} leaves the front door (the cluster's \`frontend\` changed): its floating IP is released (a reserved one only dissociated) and its port leaves the external group, in place; point the cluster's DNS records at the new front door (the \`dns_records\` output)`,
    );
  }
  const lb = loadBalancerSetup(head, changes);
  if (lb) lines.push(lb);
  return { lines, leaving, cautions, leavingFrontDoor };
}

/**
 * A node's floating IP (or a reserved address's association) destroyed while the node's server stays:
 * the front door moved away from that node. By the floating IP's address → the node's server name.
 */
function frontDoorLeavers(base: StackConfig | undefined, changes: ResourceChange[]): Map<string, string> {
  const out = new Map<string, string>();
  const byLabel = new Map(changes.map((c) => [c.label, c]));
  for (const c of changes) {
    const server = /^(.*\/Server)\/(FloatingIp|FloatingIpAssociation)$/.exec(c.label)?.[1];
    if (!server || c.action !== "delete") continue;
    const instanceLabel = `${server}/Instance`;
    if (byLabel.get(instanceLabel)?.action === "delete") continue;
    const instance = [...(base?.resources.values() ?? [])].find((r) => r.constructPath?.endsWith(`/${instanceLabel}`));
    const name = instance && asString(instance.body.name);
    if (name) out.set(c.address, name);
  }
  return out;
}

/** A server whose name changes in place: `kato` knows nodes by address, so only the Nova name changes. */
function renamedServers(changes: ResourceChange[], head: StackConfig | undefined): string[] {
  return changes
    .filter((c) => c.type === "openstack_compute_instance_v2" && c.action === "update")
    .flatMap((c) => c.changes.filter((x) => x.path === "name").map((x) => [x.before, x.after, c.address]))
    .filter(([before, after]) => before !== undefined && after !== undefined)
    .map(
      ([before, after, address]) =>
        `${code(before!)} will be renamed to ${code(after!)} (its Nova server name: ${head?.resources.get(address!) ? "the same VM, address and roles" : "in place"})`,
    );
}

/** The load balancer's setup step re-runs (or runs): it is set up for the routers of head's pool. */
function loadBalancerSetup(head: StackConfig | undefined, changes: ResourceChange[]): string | undefined {
  if (!head) return undefined;
  const step = [...head.resources.values()].find(
    (r) => r.type === "null_resource" && "router_instance_ids" in asObject(r.body.triggers),
  );
  const action = step && changes.find((c) => c.address === step.address)?.action;
  if (!step || (action !== "create" && action !== "replace")) return undefined;
  const pool = [...head.resources.values()].find(isPool);
  const routers = pool ? [...entries(head, pool.address).keys()] : [];
  const which = routers.length > 0 ? ` for routers ${names(routers)}` : "";
  return action === "create"
    ? `the load balancer will be set up${which}`
    : `the load balancer will be set up again${which}`;
}
