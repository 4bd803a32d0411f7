/** Synthesizing a stack into a scratch directory the way `cdktf synth` lays it out, then running Terraform on it. */
import * as fs from "fs";
import * as path from "path";
import { App, TerraformStack, Testing } from "cdktf";
import { planStackDir, TerraformResult, validateStackDir } from "./terraform";

/**
 * Writes `stack` as Testing.fullSynth does (validations run, cdk.tf.json plus assets, manifest.json)
 * and returns the directory of its cdk.tf.json.
 */
export function synthStackDir(stack: TerraformStack): string {
  // Construct validations first, as `cdktf synth` runs them: a bad config never reaches Terraform.
  stack.runAllValidations();
  const outdir = Testing.fullSynth(stack);
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { workingDirectory: string }>;
  };
  const entry = manifest.stacks[stack.node.id] ?? Object.values(manifest.stacks)[0];
  return path.resolve(outdir, entry.workingDirectory);
}

export async function validateStack(stack: TerraformStack): Promise<TerraformResult> {
  return validateStackDir(synthStackDir(stack));
}

export async function planStack(stack: TerraformStack): Promise<TerraformResult> {
  return planStackDir(synthStackDir(stack));
}

/** Every TerraformStack directly under `app`, e.g. after buildExamples(app). */
export function stacksOf(app: App): TerraformStack[] {
  return app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);
}
