/**
 * Constructs that look moved or renamed without a `moved` block: their resources are destroyed under
 * the old construct path and created under the new one. Grouped per construct, so the report gives
 * one verdict naming the construct path that moved rather than one warning per resource.
 */
import { ResourceChange } from "./diff";

export interface ConstructMoveGuess {
  /** Construct path that went, e.g. `Cluster` or `Logs`. */
  readonly from: string;
  /** Construct path it looks moved to. */
  readonly to: string;
  /** The deleted resources under `from` that reappear under `to`. */
  readonly deleted: ResourceChange[];
}

const segments = (label: string) => label.split("/");

/** The construct paths a resource at `before` and one at `after` differ in: their common tails cut off. */
function prefixes(before: string, after: string): { from: string; to: string } | undefined {
  const a = segments(before);
  const b = segments(after);
  let tail = 0;
  while (tail < Math.min(a.length, b.length) - 1 && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  if (tail === 0) return undefined;
  return { from: a.slice(0, a.length - tail).join("/"), to: b.slice(0, b.length - tail).join("/") };
}

/**
 * For each deleted resource, the construct move that explains it best: a created twin (same body,
 * `renamedFrom`) says so directly; otherwise a created resource of the same type whose path differs
 * in one construct id. The move that explains the most deletes wins.
 */
export function guessConstructMoves(changes: ResourceChange[]): ConstructMoveGuess[] {
  const deleted = changes.filter((c) => c.action === "delete");
  const created = changes.filter((c) => c.action === "create");
  const candidates = new Map<string, Array<{ from: string; to: string }>>();
  for (const d of deleted) {
    const twin = created.find((c) => c.renamedFrom === d.address);
    const found = twin
      ? [prefixes(d.label, twin.label)]
      : created
          .filter((c) => c.type === d.type && segments(c.label).length === segments(d.label).length)
          .filter((c) => segments(c.label).filter((s, i) => s !== segments(d.label)[i]).length === 1)
          .map((c) => prefixes(d.label, c.label));
    candidates.set(
      d.address,
      found.filter((p): p is { from: string; to: string } => p !== undefined),
    );
  }
  const support = new Map<string, number>();
  for (const list of candidates.values())
    for (const key of new Set(list.map((p) => `${p.from}\n${p.to}`))) support.set(key, (support.get(key) ?? 0) + 1);
  const groups = new Map<string, ConstructMoveGuess>();
  for (const d of deleted) {
    const best = [...new Set(candidates.get(d.address)!.map((p) => `${p.from}\n${p.to}`))].sort(
      (x, y) => support.get(y)! - support.get(x)!,
    )[0];
    if (!best) continue;
    const [from, to] = best.split("\n");
    const group = groups.get(best) ?? { from, to, deleted: [] };
    group.deleted.push(d);
    groups.set(best, group);
  }
  return [...groups.values()];
}
