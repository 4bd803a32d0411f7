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

/**
 * Control characters that a template string cannot carry: with a carriage return in it, Terraform
 * reads the whole JSON string as plain text, so its `$${` escapes and references stay as written.
 * Newlines and tabs are fine.
 */
// eslint-disable-next-line no-control-regex -- the control characters are the point
export const UNTEMPLATABLE = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** `text` in base64, computed now: for literal text that must reach a shell through a template. */
export function base64Now(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

/** `value` with its literal parts escaped and its references kept: what Terraform should see. */
export function literalSafe(value: string): string {
  if (!Token.isUnresolved(value)) return UNTEMPLATABLE.test(value) ? applyTimeValue(value) : escapeTemplate(value);
  const parts = fragments(value);
  // Next to a reference, template characters in literal text cannot be escaped in place: "$" + ref
  // reads as the escape "$${", and cdktf takes a literal "${" for an open interpolation and drops
  // the braces around the reference; and a carriage return makes Terraform read the whole string
  // as plain text, reference included. Such a value goes as one join() expression instead.
  if (parts.some((f) => "literal" in f && (/[$%{}]/.test(f.literal) || UNTEMPLATABLE.test(f.literal))))
    return applyTimeValue(value);
  return parts.map((f) => ("literal" in f ? f.literal : f.token)).join("");
}

/** `literalSafe` of an optional prop: what a binding's optional argument should get. */
export function literalSafeOptional(value: string | undefined): string | undefined {
  return value === undefined ? undefined : literalSafe(value);
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
 * token (for example the argument of `base64encode`).
 */
export function applyTimeValue(value: string): string {
  const parts = fragments(value).map((f) => ("literal" in f ? literalExpression(f.literal) : f.token));
  return parts.length === 1 ? parts[0] : Fn.join("", parts);
}

/**
 * Text that HCL's quoted-string syntax would read: a backslash escape, a quote, a control character
 * (cdktf writes a newline as a real one), or a template sequence. `Fn.rawString` passes these to
 * Terraform as they are, so `pg\-` fails to parse and `%{ if }` is evaluated.
 */
// eslint-disable-next-line no-control-regex -- the control characters are the point
const HCL_SPECIAL = /[\\"\u0000-\u001f\u007f]|\$\{|%\{/;

/**
 * A literal inside an HCL expression. Plain text stays readable (`"~/images/a.img"`); text that
 * HCL would read goes as `base64decode("…")`, whose alphabet no quoting or escaping can touch.
 */
function literalExpression(literal: string): string {
  return HCL_SPECIAL.test(literal) ? Fn.base64decode(base64Now(literal)) : Fn.rawString(literal);
}

/** `value` base64-encoded by Terraform at apply time: safe in any shell context once decoded there. */
export function base64AtApply(value: string): string {
  return Fn.base64encode(applyTimeValue(value));
}
