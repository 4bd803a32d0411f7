import { Token } from "cdktf";
import { UNTEMPLATABLE, base64AtApply, base64Now, escapeTemplate } from "./terraform-text";

/** `value` as one single-quoted shell word: nothing in it is special to the shell. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * `value` as one word of a local command (a local-exec `command`, which Terraform reads as a
 * template): a literal is single-quoted now, with `${` and `%{` escaped; a value that holds a
 * Terraform reference is base64-encoded by Terraform at apply and decoded by the shell, so it
 * arrives as its value and as data, whatever it holds (command substitution drops trailing newlines).
 */
export function localShellWord(value: string): string {
  const encoded = base64UnlessQuotable(value);
  return encoded === undefined ? escapeTemplate(shellQuote(value)) : `"$(printf '%s' '${encoded}' | base64 --decode)"`;
}

/**
 * `value` base64-encoded, for a shell to decode, when single quotes in a Terraform template cannot
 * carry it: a reference (encoded by Terraform at apply) or a literal Terraform would not read as a
 * template (encoded now). Undefined for a literal that quotes as it is.
 */
export function base64UnlessQuotable(value: string): string | undefined {
  if (Token.isUnresolved(value)) return base64AtApply(value);
  return UNTEMPLATABLE.test(value) ? base64Now(value) : undefined;
}
