/**
 * The shell prelude every provisioning step of the library starts with (lib/provisioning/scripts/sh/prelude.sh),
 * which the report strips from step scripts. The review package does not depend on the library: its
 * build copies the file of the same release into dist/ (scripts/copy-prelude.js); run from source in
 * the checkout, it reads the library's. __tests__/review/library-text.test.ts checks they agree.
 */
import * as fs from "fs";
import * as path from "path";

const CANDIDATES = [
  // compiled: dist/prelude.sh, copied by the build
  path.join(__dirname, "prelude.sh"),
  // source in the checkout: packages/review -> the library's lib/
  path.join(__dirname, "..", "..", "lib", "provisioning", "scripts", "sh", "prelude.sh"),
];

function readPrelude(): string {
  const file = CANDIDATES.find((candidate) => fs.existsSync(candidate));
  if (!file) throw new Error(`prelude.sh not found (looked at ${CANDIDATES.join(" and ")})`);
  // Trimmed, as the library reads its script files (lib/provisioning/scripts/sh-files.ts).
  return fs.readFileSync(file, "utf8").trim();
}

export const PRELUDE = readPrelude();
