/**
 * Head's `moved` blocks, as Terraform applies them before it compares: base resources under their
 * new addresses, and references to their old addresses read as references to the new ones.
 */
import { asArray, asObject, asString, Json, JsonObject, ResourceConfig, StackConfig } from "./stack-config";

function managed(stack: StackConfig | undefined): Map<string, ResourceConfig> {
  return new Map([...(stack?.resources ?? new Map<string, ResourceConfig>())].filter(([, r]) => r.mode === "managed"));
}

/** A `moved` block of head: Terraform keeps the object at `from` and gives it the address `to`. */
export interface MovedResource {
  readonly from: string;
  readonly to: string;
}

/**
 * The `moved` blocks of head that apply to this base: `from` was in base (and is gone from head),
 * `to` is in head. Terraform ignores a block whose `from` it has no object for, and so does the diff.
 */
export function movesBetween(base: StackConfig | undefined, head: StackConfig | undefined): MovedResource[] {
  const before = managed(base);
  const after = managed(head);
  return asArray(head?.raw.moved)
    .map((m) => ({ from: asString(asObject(m).from), to: asString(asObject(m).to) }))
    .filter(
      (m): m is MovedResource =>
        m.from !== undefined &&
        m.to !== undefined &&
        before.has(m.from) &&
        !after.has(m.from) &&
        after.has(m.to) &&
        before.get(m.from)!.type === after.get(m.to)!.type,
    );
}

/**
 * The base resources as Terraform sees them once head's `moved` blocks apply: each moved object under
 * its new address, and every reference to its old address in base read as one to the new address
 * (the value behind it, the object's id, is the same).
 */
export function movedToHead(
  before: Map<string, ResourceConfig>,
  moves: MovedResource[],
  dataRenames: MovedResource[],
): Map<string, ResourceConfig> {
  if (moves.length === 0) return before;
  const renames = new Map([...moves, ...dataRenames].map((m) => [m.from, m.to]));
  const pattern = new RegExp(
    `(?<![A-Za-z0-9_.-])(${[...moves, ...dataRenames].map((m) => m.from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})(?![A-Za-z0-9_-])`,
    "g",
  );
  const rewrite = (value: Json): Json => {
    if (typeof value === "string") return value.includes("${") ? value.replace(pattern, (a) => renames.get(a)!) : value;
    if (Array.isArray(value)) return value.map(rewrite);
    if (value !== null && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]));
    return value;
  };
  const out = new Map<string, ResourceConfig>();
  for (const [address, resource] of before) {
    const to = renames.get(address) ?? address;
    const name = to.slice(to.indexOf(".") + 1);
    out.set(to, { ...resource, address: to, name, body: rewrite(resource.body) as JsonObject });
  }
  return out;
}

/**
 * Data sources that moved with a moved construct: `moved` blocks do not apply to them, but one gone
 * from base and one new in head with the same type and arguments read the same object, so a
 * reference to either is the same value.
 */
export function renamedDataSources(base: StackConfig | undefined, head: StackConfig | undefined): MovedResource[] {
  const data = (stack: StackConfig | undefined) =>
    [...(stack?.resources.values() ?? [])].filter((r) => r.mode === "data");
  const after = data(head).filter((r) => !base?.resources.has(r.address));
  const taken = new Set<string>();
  const renames: MovedResource[] = [];
  for (const old of data(base).filter((r) => !head?.resources.has(r.address))) {
    const body = JSON.stringify(old.body);
    const twin = after.find((r) => !taken.has(r.address) && r.type === old.type && JSON.stringify(r.body) === body);
    if (!twin) continue;
    taken.add(twin.address);
    renames.push({ from: old.address, to: twin.address });
  }
  return renames;
}
