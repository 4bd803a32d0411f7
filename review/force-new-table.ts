/**
 * Which attribute changes make Terraform replace a resource, from provider-schemas/force-new.json:
 * extracted from the providers' source (`ForceNew`, plan modifiers), since the schemas we vendor do
 * not say. See scripts/extract-force-new.js for how, and the file's `sources` for which commit.
 */
import * as fs from "fs";
import * as path from "path";

export interface ForceNewEntry {
  readonly provider: string;
  readonly forceNew: string[];
  readonly conditional?: Array<{ attribute: string; when: string }>;
  readonly unresolved?: string[];
}

export interface ForceNewTable {
  readonly sources: Record<string, { version: string; repository: string; tag: string; commit: string }>;
  readonly resources: Record<string, ForceNewEntry>;
}

let loaded: ForceNewTable | undefined;

/** The vendored table; from source (review/) and from the package (dist/review/) alike. */
export function forceNewTable(): ForceNewTable {
  if (loaded) return loaded;
  const candidates = [path.join(__dirname, "..", "provider-schemas"), path.join(__dirname, "..", "..", "provider-schemas")];
  const file = candidates.map((dir) => path.join(dir, "force-new.json")).find((f) => fs.existsSync(f));
  if (!file) throw new Error(`provider-schemas/force-new.json is missing beside ${__dirname}: reinstall the package`);
  loaded = JSON.parse(fs.readFileSync(file, "utf8")) as ForceNewTable;
  return loaded;
}

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
