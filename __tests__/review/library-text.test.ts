/**
 * The review package does not depend on the library, but reads the text the library writes: its own
 * copies of the shared shell prelude (which the report strips from step scripts) and of Terraform's
 * template escaping must be the library's.
 */
import * as fs from "fs";
import * as path from "path";
import { escapeTemplate as libraryEscape } from "../../lib/base/terraform-text";
import { PRELUDE as LIBRARY_PRELUDE } from "../../lib/provisioning/scripts/prelude";
import { PRELUDE } from "cdktf-stackato-openstack-review/prelude";
import { escapeTemplate, unescapeTemplate } from "cdktf-stackato-openstack-review/template-text";

test("the review's prelude is the library's, from source and from its build", () => {
  expect(PRELUDE).toBe(LIBRARY_PRELUDE);
  const built = path.resolve(__dirname, "..", "..", "packages", "review", "dist", "prelude.sh");
  expect(fs.readFileSync(built, "utf8").trim()).toBe(LIBRARY_PRELUDE); // `npm ci` builds the workspace
});

test("the review escapes templates as the library does, and undoes it", () => {
  for (const text of ["plain", "a ${b} c", "%{ if x }", "$${already}", "100%{", "${a}${b}%{c}"]) {
    expect(escapeTemplate(text)).toBe(libraryEscape(text));
    expect(unescapeTemplate(escapeTemplate(text))).toBe(text);
  }
});
