/**
 * Data sources in an offline plan. The fake provider would answer a data source with made-up ids,
 * and every resource that uses one (an instance's image_id, a port's network) would then look
 * changed. So the references are replaced by the values the state recorded at the last apply.
 */
import { escapeTemplate } from "./template-text";

export interface TerraformState {
  readonly version: number;
  readonly resources: Array<{
    readonly mode: string;
    readonly type: string;
    readonly name: string;
    readonly instances: Array<{ readonly index_key?: unknown; readonly attributes?: Record<string, unknown> }>;
  }>;
}

const DATA_REFERENCE = /\bdata\.([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)\b/g;

/** A value written as an HCL literal inside `${ }`: JSON is valid HCL, but `${` and `%{` would be templates. */
function hclLiteral(value: unknown): string {
  return escapeTemplate(JSON.stringify(value ?? null));
}

/**
 * Returns a copy of the synthesized config with every `data.T.N.attr` inside an interpolation
 * replaced by the state's value, and the data sources the state does not have (left to the fake).
 */
export function substituteDataReferences(
  config: unknown,
  state: TerraformState,
): { config: unknown; unresolved: string[] } {
  const recorded = new Map<string, Record<string, unknown>>();
  for (const r of state.resources) {
    const only = r.instances.length === 1 && r.instances[0].index_key === undefined ? r.instances[0] : undefined;
    if (r.mode === "data" && only?.attributes) recorded.set(`${r.type}.${r.name}`, only.attributes);
  }
  const unresolved = new Set<string>();
  const rewriteExpression = (expression: string) =>
    expression.replace(DATA_REFERENCE, (match, type: string, name: string, attribute: string) => {
      const attributes = recorded.get(`${type}.${name}`);
      if (!attributes || !(attribute in attributes)) {
        unresolved.add(`data.${type}.${name}`);
        return match;
      }
      return hclLiteral(attributes[attribute]);
    });
  const rewriteString = (text: string) =>
    text.replace(/\$\{([^{}]*)\}/g, (_m, inner: string) => `\${${rewriteExpression(inner)}}`);
  const walk = (value: unknown, key?: string): unknown => {
    if (typeof value === "string") return rewriteString(value);
    if (Array.isArray(value)) return value.map((v) => walk(v));
    if (value && typeof value === "object") {
      // The data blocks themselves stay: Terraform reads them, and their own arguments may refer to each other.
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, key === undefined && k === "data" ? v : walk(v, k)]),
      );
    }
    return value;
  };
  return { config: walk(config), unresolved: [...unresolved].sort() };
}
