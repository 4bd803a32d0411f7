import * as fs from "fs";
import * as path from "path";

/**
 * The bash that the provisioning steps run lives in `sh/` beside this module: `prelude.sh`, one file
 * per step, and `_*.sh` parts that several steps include. The folder is copied into `dist/` by the
 * build and shipped in the package; the files are read when a script is built, at synth.
 */
export const SH_DIR = path.join(__dirname, "sh");

const FILE_NAME = /^_?[a-z0-9-]+\.sh$/;
const read = new Map<string, string>();

/** A file of `sh/`, without its trailing newline. */
export function readShFile(name: string): string {
  if (!FILE_NAME.test(name)) throw new Error(`script file "${name}": not a file name of ${SH_DIR}`);
  let text = read.get(name);
  if (text === undefined) {
    text = fs.readFileSync(path.join(SH_DIR, name), "utf8").trim();
    read.set(name, text);
  }
  return text;
}
