import * as prelude from "./prelude";
import { readShFile } from "./sh-files";

/** `. ./<file>.sh` on a line of its own: bash and shellcheck (`npm run lint`) read it as an include too. */
const INCLUDE = /^\. \.\/(_?[a-z0-9-]+\.sh)$/;

/**
 * The body of a step's script: its file in `sh/`, with each include line replaced by the included
 * file's text (the prelude by `PRELUDE`). The params are not in it: `ShellScript` assigns them above.
 */
export function stepBody(file: string): string {
  return readShFile(file)
    .split("\n")
    .map((line) => {
      const include = INCLUDE.exec(line);
      if (!include) return line;
      return include[1] === "prelude.sh" ? prelude.PRELUDE : stepBody(include[1]);
    })
    .join("\n");
}
