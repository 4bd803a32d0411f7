/**
 * Terraform's template escapes, both ways. Every string in cdk.tf.json is a template, so the library
 * writes a literal `${` as `$${` and `%{` as `%%{`; the review reads scripts back as the shell sees them.
 * Its own copy of the library's escapeTemplate (lib/base/terraform-text.ts): the review CLI does not
 * depend on the library package; __tests__/review/library-text.test.ts checks they agree.
 */

/** `${` and `%{` in literal text, escaped for Terraform's template syntax. */
export function escapeTemplate(text: string): string {
  // Function replacements: in a replacement string "$$" would itself collapse to "$".
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** Terraform's `$${` and `%%{` escapes, as the shell will see them. */
export function unescapeTemplate(text: string): string {
  return text.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
}
