/** The folders of a synth output's stacks, for commands that hand them to Terraform. */
import * as fs from "fs";
import * as path from "path";

/** The input was wrong (a missing folder, an unknown stack): the CLI prints the message, not a stack trace. */
export class ReviewInputError extends Error {}

export interface StackDir {
  readonly name: string;
  readonly dir: string;
}

/** `cdktf.out`, `cdktf.out/stacks` or one stack's folder; `only` picks one stack by name. */
export function loadStackDirs(outDir: string, only?: string): StackDir[] {
  const root = path.resolve(outDir);
  if (!fs.existsSync(root)) throw new ReviewInputError(`${outDir} does not exist: run \`cdktf synth\` first`);
  let stacks: StackDir[];
  if (fs.existsSync(path.join(root, "cdk.tf.json"))) {
    stacks = [{ name: path.basename(root), dir: root }];
  } else {
    const stacksDir = fs.existsSync(path.join(root, "stacks")) ? path.join(root, "stacks") : root;
    stacks = fs
      .readdirSync(stacksDir)
      .filter((name) => fs.existsSync(path.join(stacksDir, name, "cdk.tf.json")))
      .sort()
      .map((name) => ({ name, dir: path.join(stacksDir, name) }));
  }
  if (stacks.length === 0) {
    throw new ReviewInputError(
      `${outDir} holds no synthesized stack (no stacks/*/cdk.tf.json): run \`cdktf synth\` first`,
    );
  }
  if (only === undefined) return stacks;
  const picked = stacks.filter((s) => s.name === only);
  if (picked.length === 0) {
    throw new ReviewInputError(
      `--stack ${only}: ${outDir} has no such stack; it has ${stacks.map((s) => s.name).join(", ")}`,
    );
  }
  return picked;
}
