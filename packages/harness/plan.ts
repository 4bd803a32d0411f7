/**
 * PlanResourceChange for a provider with no API behind it: the planned state is Terraform's proposed
 * new state, with every computed attribute that nothing decides yet marked unknown ("known after apply").
 */
import { isObjectValue, stableStringify, UNKNOWN, Value, ValueObject } from "./cty";
import { PlanBehaviour, plannedAttribute } from "./plan-behaviour";
import { SchemaBlock, SchemaNestedBlock } from "./schema";

const AS_SCHEMA_SAYS: PlanBehaviour = { defaults: {}, stateFuncs: {}, legacyTypeSystem: false };

/**
 * Plans one resource. `proposed` is null for a destroy, which plans to null. On update, computed
 * attributes keep their prior values (Terraform's proposal usually has them already; we also fill
 * gaps it leaves, e.g. in set elements), so a second plan after apply shows no changes.
 */
export function planResourceChange(
  block: SchemaBlock,
  prior: Value,
  proposed: Value,
  behaviour: PlanBehaviour = AS_SCHEMA_SAYS,
): Value {
  if (!isObjectValue(proposed)) return proposed;
  return planObject(block, isObjectValue(prior) ? prior : undefined, proposed, behaviour);
}

/**
 * Plans the value of a block whose prior value is `prior` (undefined on create). `prefix` is the block's dotted
 * path inside the resource, which names its defaults and StateFuncs in `behaviour`.
 */
export function planObject(
  block: SchemaBlock,
  prior: ValueObject | undefined,
  proposed: ValueObject,
  behaviour: PlanBehaviour = AS_SCHEMA_SAYS,
  prefix = "",
): ValueObject {
  const planned: ValueObject = { ...proposed };
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    const value = plannedAttribute(behaviour, prefix + name, proposed[name] ?? null);
    if (value !== (proposed[name] ?? null)) planned[name] = value;
    if (!attribute.computed || value !== null) continue;
    const priorValue = prior?.[name] ?? null;
    planned[name] = priorValue !== null ? priorValue : UNKNOWN;
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const plan = (element: ValueObject, priorElement: ValueObject | undefined) =>
      planObject(nested.block, priorElement, element, behaviour, `${prefix}${name}.`);
    planned[name] = planNestedBlock(nested, prior?.[name] ?? null, proposed[name] ?? null, plan);
  }
  return planned;
}

type PlanElement = (element: ValueObject, prior: ValueObject | undefined) => ValueObject;

function planNestedBlock(nested: SchemaNestedBlock, prior: Value, proposed: Value, plan: PlanElement): Value {
  const block = nested.block;
  switch (nested.nesting_mode) {
    case "single":
    case "group":
      return isObjectValue(proposed) ? plan(proposed, isObjectValue(prior) ? prior : undefined) : proposed;
    case "list": {
      // Lists correlate by position, as Terraform does.
      if (!Array.isArray(proposed)) return proposed;
      const priorElements = Array.isArray(prior) ? prior : [];
      return proposed.map((element, i) =>
        isObjectValue(element) ? plan(element, asObject(priorElements[i])) : element,
      );
    }
    case "set": {
      // Set elements have no position: find the prior element with the same configured values.
      if (!Array.isArray(proposed)) return proposed;
      const priorElements = (Array.isArray(prior) ? prior : []).filter(isObjectValue);
      return proposed.map((element) =>
        isObjectValue(element) ? plan(element, matchingSetElement(block, element, priorElements)) : element,
      );
    }
    case "map": {
      if (!isObjectValue(proposed)) return proposed;
      const priorMap = isObjectValue(prior) ? prior : {};
      return Object.fromEntries(
        Object.entries(proposed).map(([key, element]) => [
          key,
          isObjectValue(element) ? plan(element, asObject(priorMap[key])) : element,
        ]),
      );
    }
  }
}

function asObject(value: Value | undefined): ValueObject | undefined {
  return isObjectValue(value) ? value : undefined;
}

/**
 * The prior set element that `element` continues: equal on every attribute that is not computed
 * (computed ones are null in the proposal and set in the prior state, so they cannot be compared).
 */
export function matchingSetElement(
  block: SchemaBlock,
  element: ValueObject,
  priorElements: ValueObject[],
): ValueObject | undefined {
  const key = configuredKey(block, element);
  return priorElements.find((candidate) => configuredKey(block, candidate) === key);
}

function configuredKey(block: SchemaBlock, element: ValueObject): string {
  const configured: ValueObject = {};
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    if (!attribute.computed) configured[name] = element[name] ?? null;
  }
  for (const name of Object.keys(block.block_types ?? {})) configured[name] = element[name] ?? null;
  return stableStringify(configured);
}
