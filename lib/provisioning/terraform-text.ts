import { Fn, Token } from "cdktf";

/**
 * Text that Terraform reads as a template: every string in cdk.tf.json. cdktf leaves `${` and `%{`
 * in plain strings alone (so that "${var.x}" written by hand works), which means a user's value such
 * as a DB user `${path.cwd}` or `${file("~/.ssh/id_rsa")}` would be evaluated at plan time. These
 * helpers keep literal text literal and let only cdktf tokens (real references) through.
 */

/** A cdktf string token as it appears inside a string before synth. */
const STRING_TOKEN = /\$\{TfToken\[[^\]]*\]\}/g;

type Fragment = { readonly literal: string } | { readonly token: string };

/** The literal and token parts of `value`, in order. */
function fragments(value: string): Fragment[] {
  const parts: Fragment[] = [];
  let last = 0;
  for (const match of value.matchAll(STRING_TOKEN)) {
    if (match.index! > last) parts.push({ literal: value.slice(last, match.index) });
    parts.push({ token: match[0] });
    last = match.index! + match[0].length;
  }
  if (last < value.length) parts.push({ literal: value.slice(last) });
  return parts;
}

/** `${` and `%{` in literal text, escaped for Terraform's template syntax. */
export function escapeTemplate(text: string): string {
  // Function replacements: in a replacement string "$$" would itself collapse to "$".
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** `value` with its literal parts escaped and its references kept: what Terraform should see. */
export function literalSafe(value: string): string {
  if (!Token.isUnresolved(value)) return escapeTemplate(value);
  return fragments(value)
    .map((f) => ("literal" in f ? escapeTemplate(f.literal) : f.token))
    .join("");
}

/** `literalSafe` through a whole output value: strings, lists and maps. */
export function literalSafeDeep<T>(value: T): T {
  if (typeof value === "string") return literalSafe(value) as unknown as T;
  if (Array.isArray(value)) return value.map(literalSafeDeep) as unknown as T;
  if (
    value !== null &&
    typeof value === "object" &&
    !Token.isUnresolved(value) &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, literalSafeDeep(v)])) as unknown as T;
  }
  return value;
}

/**
 * An HCL expression for the value of `value` at apply time, literal parts included, as a cdktf
 * token (for example the argument of `base64encode`). Literal parts go through `Fn.rawString`, which
 * escapes quotes and template sequences inside the expression.
 */
export function applyTimeValue(value: string): string {
  const parts = fragments(value).map((f) => ("literal" in f ? Fn.rawString(f.literal) : f.token));
  return parts.length === 1 ? parts[0] : Fn.join("", parts);
}

/** `value` base64-encoded by Terraform at apply time: safe in any shell context once decoded there. */
export function base64AtApply(value: string): string {
  return Fn.base64encode(applyTimeValue(value));
}
