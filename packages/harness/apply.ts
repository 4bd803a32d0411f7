/**
 * ApplyResourceChange and ReadDataSource for the fake cloud: the planned (or configured) value with
 * every unknown replaced by a deterministic fake from fake-values.ts.
 */
import { CtyType, isObjectValue, isUnknown, stableStringify, Value, ValueObject } from "./cty";
import { fakeValue } from "./fake-values";
import { mapBlockElements } from "./block-walk";
import { planObject } from "./plan";
import { SchemaBlock } from "./schema";

/** What every fake value of one resource derives from: its type and its configuration. */
export function resourceSeed(typeName: string, config: Value): string {
  return `${typeName}\u0000${stableStringify(config)}`;
}

/** The new state after creating or updating; null when the plan was a destroy. */
export function applyResourceChange(typeName: string, block: SchemaBlock, planned: Value, config: Value): Value {
  if (!isObjectValue(planned)) return null;
  return fillUnknowns(block, planned, resourceSeed(typeName, config));
}

/** A data source's result: its configuration, with every computed attribute it left null faked. */
export function readDataSource(typeName: string, block: SchemaBlock, config: Value): Value {
  if (!isObjectValue(config)) return config;
  return fillUnknowns(block, planObject(block, undefined, config), resourceSeed(typeName, config));
}

/** Replaces every unknown in a block's value (attributes, collections, nested blocks) by a fake. */
export function fillUnknowns(block: SchemaBlock, value: ValueObject, seed: string): ValueObject {
  const filled: ValueObject = { ...value };
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    filled[name] = fillValue(name, attribute.type, value[name] ?? null, `${seed}.${name}`);
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    filled[name] = mapBlockElements(nested, value[name], (element, key) =>
      fillUnknowns(nested.block, element, `${seed}.${name}[${key ?? ""}]`),
    );
  }
  return filled;
}

function fillValue(name: string, type: CtyType, value: Value, seed: string): Value {
  if (isUnknown(value)) return fakeValue(name, type, seed);
  if (value === null || typeof type === "string") return value;
  const [kind, inner] = type;
  if ((kind === "list" || kind === "set") && Array.isArray(value)) {
    return value.map((element, i) => fillValue(name, inner as CtyType, element, `${seed}[${i}]`));
  }
  if (kind === "map" && isObjectValue(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, fillValue(name, inner as CtyType, v, `${seed}[${k}]`)]),
    );
  }
  if (kind === "object" && isObjectValue(value)) {
    const attributes = inner as Record<string, CtyType>;
    return Object.fromEntries(
      Object.keys(attributes).map((k) => [k, fillValue(k, attributes[k], value[k] ?? null, `${seed}.${k}`)]),
    );
  }
  return value;
}
