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
  if (!Token.isUnresolved(value))
    return UNTEMPLATABLE.test(value)
      ? `"$(printf '%s' '${base64Now(value)}' | base64 --decode)"`
      : escapeTemplate(shellQuote(value));
  return `"$(printf '%s' '${base64AtApply(value)}' | base64 --decode)"`;
}
