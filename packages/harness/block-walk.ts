/** Walking a value along its schema block: the one place that knows how each nesting mode stores elements. */
import { isObjectValue, Value, ValueObject } from "./cty";
import { SchemaNestedBlock } from "./schema";

/** Where an element sits inside its block value: an index for lists and sets, a key for maps, none for single. */
export type ElementKey = number | string | undefined;

/**
 * Rebuilds a nested block's value by passing each element object through `transform`, keeping the
 * collection shape (object, list, set or map). Null and unknown block values pass through untouched.
 */
export function mapBlockElements(
  nested: SchemaNestedBlock,
  value: Value | undefined,
  transform: (element: ValueObject, key: ElementKey) => Value,
): Value {
  if (value === undefined || value === null) return null;
  switch (nested.nesting_mode) {
    case "single":
    case "group":
      return isObjectValue(value) ? transform(value, undefined) : value;
    case "list":
    case "set":
      return Array.isArray(value)
        ? value.map((element, i) => (isObjectValue(element) ? transform(element, i) : element))
        : value;
    case "map":
      return isObjectValue(value)
        ? Object.fromEntries(
            Object.entries(value).map(([k, element]) => [k, isObjectValue(element) ? transform(element, k) : element]),
          )
        : value;
  }
}

/** The element objects of a nested block value, with their keys. */
export function blockElements(nested: SchemaNestedBlock, value: Value | undefined): Array<[ElementKey, ValueObject]> {
  const found: Array<[ElementKey, ValueObject]> = [];
  mapBlockElements(nested, value, (element, key) => {
    found.push([key, element]);
    return element;
  });
  return found;
}
