/**
 * The checks a provider makes that Terraform core does not: a configuration must not set an
 * attribute the provider computes on its own (core only type-checks it and lets it through).
 */
import { isObjectValue, Value, ValueObject } from "./cty";
import { blockElements } from "./block-walk";
import { Diagnostic, errorDiagnostic, PathStep } from "./diagnostics";
import { isComputedOnly, SchemaBlock } from "./schema";

export const COMPUTED_ONLY_SUMMARY = "Computed attribute cannot be set";

/** One error per computed-only attribute that `config` sets, anywhere in its nested blocks. */
export function computedOnlyDiagnostics(typeName: string, block: SchemaBlock, config: Value): Diagnostic[] {
  return isObjectValue(config) ? checkBlock(typeName, block, config, []) : [];
}

function checkBlock(typeName: string, block: SchemaBlock, value: ValueObject, path: PathStep[]): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    // An unknown value (a reference to another resource) still means the configuration sets it.
    if (!isComputedOnly(attribute) || (value[name] ?? null) === null) continue;
    const steps = [...path, { attribute_name: name }];
    found.push(
      errorDiagnostic(
        COMPUTED_ONLY_SUMMARY,
        `"${dotted(steps)}" in ${typeName} is computed by the provider and cannot be set in configuration; remove it (read it as an attribute instead).`,
        steps,
      ),
    );
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    for (const [key, element] of blockElements(nested, value[name])) {
      const elementPath: PathStep[] = [...path, { attribute_name: name }];
      // Set elements have no key Terraform can point at, so the path stops at the block.
      if (typeof key === "number" && nested.nesting_mode === "list") elementPath.push({ element_key_int: key });
      if (typeof key === "string") elementPath.push({ element_key_string: key });
      found.push(...checkBlock(typeName, nested.block, element, elementPath));
    }
  }
  return found;
}

function dotted(steps: PathStep[]): string {
  return steps
    .map((step) =>
      "attribute_name" in step
        ? `.${step.attribute_name}`
        : "element_key_int" in step
          ? `[${step.element_key_int}]`
          : `["${step.element_key_string}"]`,
    )
    .join("")
    .replace(/^\./, "");
}
