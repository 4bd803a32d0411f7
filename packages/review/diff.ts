/**
 * The difference between two synth outputs of one stack, as Terraform would act on it: resources
 * created, updated, replaced (by the ForceNew table) and destroyed, by Terraform address.
 */
import { forceNewTable, ForceNewTable, verdictFor } from "./force-new-table";
import { asObject, attributesRead, displayPath, Json, referencesIn, ResourceConfig, StackConfig } from "./stack-config";
import { movedToHead, movesBetween, renamedDataSources } from "./moves";
import { naturalCompare } from "./order";

export type Action = "create" | "update" | "replace" | "delete";

export interface AttributeChange {
  readonly path: string;
  readonly before?: string;
  readonly after?: string;
  /** Why this change replaces the resource, or when it would. */
  readonly forces?: "replace" | "conditional";
  readonly note?: string;
}

export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly label: string;
  readonly action: Action;
  readonly changes: AttributeChange[];
  /** The resource's `lifecycle.prevent_destroy` in the base: Terraform refuses to destroy it. */
  readonly preventDestroy: boolean;
  /** For a create: the removed address it probably replaces (a renamed construct id). */
  readonly renamedFrom?: string;
  /** Provisioner or connection blocks changed, which by itself makes Terraform do nothing. */
  readonly provisionersOnly?: boolean;
  /** The base address a `moved` block of head moves this resource from. */
  readonly movedFrom?: string;
}

/** Resources whose loss loses something: data, a running machine, an image, rules others rely on, an address. */
export const STATEFUL_TYPES = new Set([
  "openstack_blockstorage_volume_v3",
  "openstack_compute_instance_v2",
  "openstack_images_image_v2",
  "openstack_networking_secgroup_v2",
  "openstack_networking_floatingip_v2",
]);

/** Parts of a resource block Terraform does not store: changing them changes nothing in the plan. */
const NOT_IN_PLAN = new Set(["provisioner", "connection", "depends_on", "lifecycle"]);

export function diffStacks(
  base: StackConfig | undefined,
  head: StackConfig | undefined,
  table = forceNewTable(),
): ResourceChange[] {
  const moves = movesBetween(base, head);
  const before = movedToHead(managed(base), moves, moves.length > 0 ? renamedDataSources(base, head) : []);
  const after = managed(head);
  const movedFrom = new Map(moves.map((m) => [m.to, m.from]));
  const changes = new Map<string, ResourceChange>();
  for (const [address, resource] of after) {
    const old = before.get(address);
    if (!old) {
      changes.set(address, change(resource, "create", [], false));
      continue;
    }
    const attributeChanges = compare(old.body, resource.body, resource.type, table);
    const lifecycleChanged = JSON.stringify(old.body.lifecycle) !== JSON.stringify(resource.body.lifecycle);
    if (attributeChanges.length > 0) {
      const action = attributeChanges.some((c) => c.forces === "replace") ? "replace" : "update";
      changes.set(address, change(resource, action, attributeChanges, preventsDestroy(old)));
    } else if (lifecycleChanged || provisionersDiffer(old, resource)) {
      changes.set(address, {
        ...change(resource, "update", [], preventsDestroy(old)),
        changes: lifecycleChanged
          ? [
              {
                path: "lifecycle",
                before: json(old.body.lifecycle),
                after: json(resource.body.lifecycle),
                note: "Terraform's own setting, nothing changes in the cloud",
              },
            ]
          : [],
        provisionersOnly: !lifecycleChanged,
      });
    }
  }
  for (const [address, resource] of before) {
    if (!after.has(address)) changes.set(address, change(resource, "delete", [], preventsDestroy(resource)));
  }
  cascadeReplacements(changes, after, table);
  matchRenames(changes, before, after);
  for (const [to, from] of movedFrom) {
    const moved = changes.get(to);
    if (moved) changes.set(to, { ...moved, movedFrom: from });
  }
  return [...changes.values()].sort((a, b) => naturalCompare(a.address, b.address));
}

function managed(stack: StackConfig | undefined): Map<string, ResourceConfig> {
  return new Map([...(stack?.resources ?? new Map<string, ResourceConfig>())].filter(([, r]) => r.mode === "managed"));
}

function change(
  resource: ResourceConfig,
  action: Action,
  changes: AttributeChange[],
  preventDestroy: boolean,
): ResourceChange {
  return {
    address: resource.address,
    type: resource.type,
    label: displayPath(resource),
    action,
    changes,
    preventDestroy,
  };
}

function preventsDestroy(resource: ResourceConfig): boolean {
  return asObject(resource.body.lifecycle).prevent_destroy === true;
}

function provisionersDiffer(a: ResourceConfig, b: ResourceConfig): boolean {
  return ["provisioner", "connection"].some((k) => JSON.stringify(a.body[k]) !== JSON.stringify(b.body[k]));
}

function compare(before: Json, after: Json, type: string, table: ForceNewTable): AttributeChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths
    .filter((p) => a.get(p) !== b.get(p))
    .map((p) => withVerdict({ path: p, before: a.get(p), after: b.get(p) }, type, table));
}

function withVerdict(changeOf: AttributeChange, type: string, table: ForceNewTable): AttributeChange {
  const verdict = verdictFor(type, changeOf.path, table);
  if (verdict.kind === "replace") return { ...changeOf, forces: "replace" };
  if (verdict.kind === "conditional") return { ...changeOf, forces: "conditional", note: verdict.when };
  return changeOf;
}

/** Leaf values by dotted path (`network.0.port`), leaving out what Terraform keeps out of the plan. */
export function flatten(value: Json, prefix = "", out = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === "object") {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    for (const [key, child] of entries) {
      if (prefix === "" && NOT_IN_PLAN.has(key)) continue;
      flatten(child, prefix === "" ? key : `${prefix}.${key}`, out);
    }
    if (entries.length === 0 && prefix !== "") out.set(prefix, json(value));
  } else if (prefix !== "") {
    out.set(prefix, typeof value === "string" ? value : json(value));
  }
  return out;
}

function json(value: Json | undefined): string {
  return value === undefined ? "" : JSON.stringify(value);
}

/**
 * A resource that is replaced gets a new id, so a value that reads it is known only after apply,
 * and where that value is ForceNew the reader is replaced too (a volume's attachment, a step's
 * `instance_id` trigger). Repeated until nothing more changes.
 */
function cascadeReplacements(
  changes: Map<string, ResourceChange>,
  after: Map<string, ResourceConfig>,
  table: ForceNewTable,
): void {
  const flatAfter = new Map([...after].map(([address, resource]) => [address, flatten(resource.body)]));
  for (let grew = true; grew;) {
    grew = false;
    const renewed = new Set([...changes.values()].filter((c) => c.action === "replace").map((c) => c.address));
    for (const [address, resource] of after) {
      const current = changes.get(address);
      if (current?.action === "create" || current?.action === "replace") continue;
      const flat = flatAfter.get(address)!;
      const added: AttributeChange[] = [];
      for (const [path, value] of flat) {
        const readers = referencesIn(value, after).filter((r) => renewed.has(r) && readsComputed(value, r, after));
        if (readers.length === 0 || current?.changes.some((c) => c.path === path)) continue;
        added.push(
          withVerdict(
            { path, before: value, after: "(known after apply)", note: `${readers.join(", ")} is replaced` },
            resource.type,
            table,
          ),
        );
      }
      if (added.length === 0) continue;
      const changesNow = [...(current?.changes ?? []), ...added].sort((x, y) => naturalCompare(x.path, y.path));
      const action = changesNow.some((c) => c.forces === "replace") ? "replace" : "update";
      changes.set(address, {
        ...(current ?? change(resource, action, [], preventsDestroy(resource))),
        action,
        changes: changesNow,
        provisionersOnly: false,
      });
      if (action === "replace") grew = true;
    }
  }
}

/** Whether `value` reads an attribute of `address` that the configuration does not set (so the cloud decides it). */
function readsComputed(value: string, address: string, after: Map<string, ResourceConfig>): boolean {
  const set = after.get(address)?.body ?? {};
  const attributes = attributesRead(value, address);
  return attributes.length === 0 || attributes.some((a) => !(a in set));
}

/**
 * A create and a delete of the same type with identical bodies are most likely a renamed construct
 * id: Terraform destroys and recreates, unless a `moved` block says otherwise.
 */
function matchRenames(
  changes: Map<string, ResourceChange>,
  before: Map<string, ResourceConfig>,
  after: Map<string, ResourceConfig>,
): void {
  const deleted = [...changes.values()].filter((c) => c.action === "delete");
  const taken = new Set<string>();
  for (const created of [...changes.values()].filter((c) => c.action === "create")) {
    const body = JSON.stringify(after.get(created.address)!.body);
    const twin = deleted.find(
      (d) => !taken.has(d.address) && d.type === created.type && JSON.stringify(before.get(d.address)!.body) === body,
    );
    if (!twin) continue;
    taken.add(twin.address);
    changes.set(created.address, { ...created, renamedFrom: twin.address });
  }
}
