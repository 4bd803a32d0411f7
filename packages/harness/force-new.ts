/**
 * Which attribute changes make Terraform replace a resource. The schema files cannot say (their
 * format has no ForceNew), so provider-schemas/force-new.json carries it, extracted from the
 * providers' Go source by scripts/extract-force-new.js; the fake cloud answers RequiresReplace from it.
 */
import * as fs from "fs";
import * as path from "path";
import { isObjectValue, isUnknown, stableStringify, Value, ValueObject } from "./cty";
import { PathStep } from "./diagnostics";
import { SchemaBlock } from "./schema";

export interface ForceNewSource {
  version: string;
  repository: string;
  tag: string;
  commit: string;
  /** The plugin SDK the provider is written with: SDKv2 plans with the legacy type system. */
  sdk?: "terraform-plugin-sdk/v2" | "terraform-plugin-framework";
}

export interface ForceNewEntry {
  provider: string;
  /** Dotted attribute/block paths, without list indexes ("network.uuid"). */
  forceNew: string[];
  /** Replacements the provider decides at plan time from values we do not have (e.g. a deleted flavor). */
  conditional?: Array<{ attribute: string; when: string }>;
  /** `Default` literals of the provider's schema, by dotted path: what an unset argument plans to. */
  defaults?: Record<string, string | number | boolean>;
  /** Dotted paths whose state holds a function of the configured value (SDKv2 `StateFunc`). */
  stateFuncs?: string[];
  /** What the extractor could not decide, with the reason. */
  unresolved?: string[];
}

export interface ForceNewTable {
  sources: Record<string, ForceNewSource>;
  resources: Record<string, ForceNewEntry>;
}

/** tfplugin6 AttributePath, as @grpc/proto-loader takes it. */
export interface AttributePath {
  steps: PathStep[];
}

export const FORCE_NEW_FILE = "force-new.json";

let cached: ForceNewTable | undefined;

/** The table, read once: the compiled package's copy (dist/ -> ../provider-schemas) or, from source, the checkout's. */
export function forceNewTable(): ForceNewTable {
  if (!cached) {
    const candidates = [
      path.join(__dirname, "..", "provider-schemas", FORCE_NEW_FILE),
      path.join(__dirname, "..", "..", "provider-schemas", FORCE_NEW_FILE),
    ];
    const file = candidates.find((candidate) => fs.existsSync(candidate));
    if (!file) {
      throw new Error(
        `provider-schemas/${FORCE_NEW_FILE} not found (looked at ${candidates.join(" and ")}); ` +
          "regenerate it with scripts/extract-force-new.js (provider-schemas/README.md)",
      );
    }
    cached = JSON.parse(fs.readFileSync(file, "utf8")) as ForceNewTable;
  }
  return cached;
}

/**
 * The RequiresReplace paths of an update from `prior` to `proposed`: every forceNew path whose value
 * changed, or became unknown. Creates and destroys replace nothing. Terraform re-checks each path
 * for a difference itself, so a path must only be reported where the value really differs.
 *
 * With the resource's schema `block`, nested blocks follow SDKv2's rules: a ForceNew block replaces
 * when its number of elements changes (its fields then count on their own), list elements get index
 * steps, and a set is reported whole (an AttributePath cannot address a set element). Without it,
 * every path compares whole values and arrays are treated as lists.
 */
export function replacePaths(
  table: ForceNewTable,
  typeName: string,
  prior: Value,
  proposed: Value,
  block?: SchemaBlock,
): AttributePath[] {
  const entry = table.resources[typeName];
  if (!entry || !isObjectValue(prior) || !isObjectValue(proposed)) return [];
  const found = new Map<string, AttributePath>();
  for (const dotted of entry.forceNew) {
    for (const steps of changedSteps(dotted.split("."), prior, proposed, [], block)) {
      found.set(JSON.stringify(steps), { steps });
    }
  }
  return [...found.values()];
}

function changedSteps(
  names: string[],
  prior: ValueObject | undefined,
  proposed: ValueObject | undefined,
  at: PathStep[],
  block: SchemaBlock | undefined,
): PathStep[][] {
  const [name, ...rest] = names;
  const before = prior?.[name] ?? null;
  const after = proposed?.[name] ?? null;
  const here: PathStep[] = [...at, { attribute_name: name }];
  if (isUnknown(after)) return isUnknown(before) ? [] : [here];
  if (isUnknown(before)) return [];
  const nested = block?.block_types?.[name];
  if (rest.length === 0) {
    const countOnly = nested !== undefined && nested.nesting_mode !== "single" && nested.nesting_mode !== "group";
    const changed = countOnly ? count(before) !== count(after) : comparable(before) !== comparable(after);
    return changed ? [here] : [];
  }
  const mode = nested?.nesting_mode ?? (Array.isArray(before) || Array.isArray(after) ? "list" : "single");
  const inner = nested?.block;
  switch (mode) {
    case "single":
    case "group":
      return changedSteps(rest, objectOrUndefined(before), objectOrUndefined(after), here, inner);
    case "list": {
      const [b, a] = [arrayOf(before), arrayOf(after)];
      return Array.from({ length: Math.max(b.length, a.length) }, (_, i) =>
        changedSteps(rest, objectOrUndefined(b[i]), objectOrUndefined(a[i]), [...here, { element_key_int: i }], inner),
      ).flat();
    }
    case "set":
      return projection(rest, before) === projection(rest, after) ? [] : [here];
    case "map": {
      const [b, a] = [objectOrUndefined(before) ?? {}, objectOrUndefined(after) ?? {}];
      return [...new Set([...Object.keys(b), ...Object.keys(a)])]
        .sort()
        .flatMap((key) =>
          changedSteps(
            rest,
            objectOrUndefined(b[key]),
            objectOrUndefined(a[key]),
            [...here, { element_key_string: key }],
            inner,
          ),
        );
    }
  }
}

/**
 * A set's elements seen through a nested path, as a sorted multiset. Elements where the path is null
 * do not count: SDKv2 sees no change in a ForceNew field that is empty before and after.
 */
function projection(names: string[], value: Value): string {
  const values = arrayOf(value)
    .map((element) => names.reduce<Value>((v, name) => (isObjectValue(v) ? (v[name] ?? null) : null), element))
    .map(comparable)
    .filter((text) => text !== "null");
  return values.sort().join("\n");
}

/** Compared the way SDKv2 sees values: an empty list, set or map is no different from null. */
function comparable(value: Value): string {
  const empty = Array.isArray(value) ? value.length === 0 : isObjectValue(value) && Object.keys(value).length === 0;
  return stableStringify(empty ? null : value);
}

function count(value: Value): number {
  return Array.isArray(value) ? value.length : isObjectValue(value) ? Object.keys(value).length : 0;
}

function arrayOf(value: Value | undefined): Value[] {
  return Array.isArray(value) ? value : [];
}

function objectOrUndefined(value: Value | undefined): ValueObject | undefined {
  return isObjectValue(value) ? value : undefined;
}
