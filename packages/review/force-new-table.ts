/**
 * What a changed attribute does to a resource, by the ForceNew table the fake cloud also plans with
 * (the harness's force-new.ts, provider-schemas/force-new.json): the review and `--state` plans agree.
 */
import { forceNewTable } from "cdktf-stackato-openstack-harness";

export { forceNewTable };
export type { ForceNewEntry, ForceNewTable } from "cdktf-stackato-openstack-harness";

export type ReplacementVerdict =
  | { readonly kind: "replace"; readonly attribute: string }
  | { readonly kind: "conditional"; readonly attribute: string; readonly when: string }
  | { readonly kind: "update" };

/**
 * What changing the attribute at `changedPath` (dotted, list indexes as numbers: `network.0.port`)
 * does to a resource of `type`. A type the table does not know is assumed updatable, and said so.
 */
export function verdictFor(type: string, changedPath: string, table = forceNewTable()): ReplacementVerdict {
  const entry = table.resources[type];
  if (!entry) return { kind: "update" };
  const normalized = changedPath
    .split(".")
    .filter((part) => !/^\d+$/.test(part))
    .join(".");
  const covers = (attribute: string) =>
    normalized === attribute || normalized.startsWith(`${attribute}.`) || attribute.startsWith(`${normalized}.`);
  const forced = entry.forceNew.find(covers);
  if (forced) return { kind: "replace", attribute: forced };
  const conditional = entry.conditional?.find((c) => covers(c.attribute));
  if (conditional) return { kind: "conditional", attribute: conditional.attribute, when: conditional.when };
  return { kind: "update" };
}

export function knowsType(type: string, table = forceNewTable()): boolean {
  return table.resources[type] !== undefined;
}
