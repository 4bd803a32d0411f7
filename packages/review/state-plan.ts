/**
 * `review --state`: Terraform's own plan of the head stack against the state of the last apply,
 * offline. Terraform talks to the real terraform-provider-openstack where toolchain/build.sh built it
 * (its own diff, defaults and checks), or else to the harness's fake, which answers from the committed
 * schemas and the ForceNew table; so the plan shows what Terraform would add, change and replace without
 * credentials or a cloud. Nothing refreshes: see the README for what that hides.
 */
import * as fs from "fs";
import * as path from "path";
import {
  copyStackDir,
  initWorkDir,
  parseJsonLines,
  ProviderChoice,
  realProviderEnv,
  runTerraform,
  terraformAvailable,
} from "cdktf-stackato-openstack-harness";
import { withHarness } from "./harness-session";
import { cell, code, table } from "./markdown";
import { naturalCompare } from "./order";
import { loadStackDirs, ReviewInputError } from "./stack-dirs";
import { substituteDataReferences, TerraformState } from "./state-data";
import { chooseProvider, ProviderOption, providerLine } from "./validate-command";

export interface StatePlan {
  readonly markdown: string;
  /** Terraform refused to plan because a `prevent_destroy` resource would be destroyed. */
  readonly blocked: boolean;
  /** Resources the plan adds, changes or destroys (a replacement counts once). */
  readonly changes: number;
  readonly destroys: number;
  /** Terraform's errors when it refused to plan (for `blocked`, or for wrong inputs such as a missing variable). */
  readonly refused: string[];
}

interface PlannedChange {
  readonly address: string;
  readonly type: string;
  readonly action_reason?: string;
  readonly change: { readonly actions: string[]; readonly replace_paths?: Array<Array<string | number>> };
}

/** @param terraformVars `-var=...` and `-var-file=...` arguments for terraform plan */
export async function planAgainstState(
  head: string,
  stateFile: string,
  stack?: string,
  terraformVars: string[] = [],
  option: ProviderOption = "auto",
): Promise<StatePlan> {
  const stacks = loadStackDirs(head, stack);
  if (stacks.length > 1) {
    throw new ReviewInputError(
      `--state is the state of one stack: add --stack NAME (${head} has ${stacks.map((s) => s.name).join(", ")})`,
    );
  }
  const state = readState(stateFile);
  if (!terraformAvailable()) {
    throw new ReviewInputError("--state runs terraform plan offline: put terraform (>= 1.5) on PATH");
  }
  const chosen = chooseProvider(option);
  const [{ name, dir }] = stacks;
  const workDir = copyStackDir(dir);
  try {
    return await withHarness(() =>
      planCopy(name, dir, workDir, stateFile, state, { chosen, explicit: option !== "auto" }, terraformVars),
    );
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

async function planCopy(
  name: string,
  dir: string,
  workDir: string,
  stateFile: string,
  state: TerraformState,
  choice: { readonly chosen: ProviderChoice; readonly explicit: boolean },
  terraformVars: string[],
): Promise<StatePlan> {
  fs.writeFileSync(path.join(workDir, "terraform.tfstate"), JSON.stringify(state));
  const configFile = path.join(workDir, "cdk.tf.json");
  const substitution = substituteDataReferences(JSON.parse(fs.readFileSync(configFile, "utf8")), state);
  // The real provider would have to read a data source the state lacks (a new or moved one) from the cloud.
  // Asked for explicitly, that is an input error; chosen by default, the harness plans instead, and says so.
  const needsCloud = substitution.unresolved.length > 0;
  const provider: ProviderChoice = choice.chosen === "real" && needsCloud && !choice.explicit ? "fake" : choice.chosen;
  if (provider === "real") {
    if (needsCloud) {
      throw new ReviewInputError(
        `--state ${stateFile} has no values for ${substitution.unresolved.join(", ")}: the real provider would have to read them from the cloud. Pass --provider fake to plan them with made-up values`,
      );
    }
    // Every reference now holds the state's value, so nothing needs the data blocks, which would ask the cloud.
    delete (substitution.config as { data?: unknown }).data;
  }
  fs.writeFileSync(configFile, JSON.stringify(substitution.config, null, 2));
  const env = (provider === "real" ? realProviderEnv() : undefined) ?? {};
  const init = await initWorkDir(workDir, env);
  if (init.code !== 0) throw new Error(`terraform init failed in a copy of ${dir}: ${init.stderr.trim()}`);
  const planRun = await runTerraform(
    ["plan", "-refresh=false", "-lock=false", "-input=false", "-json", "-out=plan.bin", ...terraformVars],
    workDir,
    env,
  );
  const parsed = parseJsonLines(planRun);
  const fellBack =
    provider !== choice.chosen
      ? ` The real provider was not used: the state has no values for ${substitution.unresolved.map(code).join(", ")}, which it would have to read from the cloud.`
      : "";
  const heading = `### Terraform plan of \`${name}\` against ${code(path.basename(stateFile))}, offline\n\n${providerLine(provider, "Planned with")}.${fellBack}`;
  if (!parsed.result.ok) {
    const blocked = parsed.result.diagnostics.some((d) => /prevent_destroy|cannot be destroyed/i.test(d));
    const lines = [heading, "", blocked ? "> [!CAUTION]" : "> [!WARNING]"];
    lines.push(`> Terraform refused to plan${blocked ? ": a protected resource would be destroyed" : ""}.`);
    for (const d of parsed.result.diagnostics) lines.push(`> - ${cell(d)}`);
    return {
      markdown: `${lines.join("\n")}\n`,
      blocked,
      changes: 0,
      destroys: 0,
      refused: parsed.result.diagnostics,
    };
  }
  const show = await runTerraform(["show", "-json", "-no-color", "plan.bin"], workDir, env);
  if (show.code !== 0) throw new Error(`terraform show failed: ${show.stderr.trim()}`);
  const changes = ((JSON.parse(show.stdout) as { resource_changes?: PlannedChange[] }).resource_changes ?? [])
    .filter((c) => !(c.change.actions.length === 1 && ["no-op", "read"].includes(c.change.actions[0])))
    .sort((a, b) => naturalCompare(a.address, b.address));
  const orphanVolumes = changes.filter(
    (c) => c.type === VOLUME_TYPE && c.action_reason === "delete_because_no_resource_config",
  );
  const markdown = planMarkdown(heading, changes, substitution.unresolved, orphanVolumes);
  const destroys = changes.filter((c) => c.change.actions.includes("delete")).length;
  return { markdown, blocked: orphanVolumes.length > 0, changes: changes.length, destroys, refused: [] };
}

function readState(stateFile: string): TerraformState {
  if (!fs.existsSync(stateFile)) throw new ReviewInputError(`--state ${stateFile} does not exist`);
  let state: TerraformState;
  try {
    state = JSON.parse(fs.readFileSync(stateFile, "utf8")) as TerraformState;
  } catch (err) {
    throw new ReviewInputError(
      `--state ${stateFile} is not JSON (${(err as Error).message}); pass a terraform.tfstate`,
    );
  }
  if (state?.version !== 4 || !Array.isArray(state.resources)) {
    throw new ReviewInputError(
      `--state ${stateFile} is not a Terraform state of format version 4; pass the terraform.tfstate of the last apply (terraform state pull > terraform.tfstate)`,
    );
  }
  return state;
}

function actionOf(actions: string[]): string {
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  return actions[0];
}

/** Terraform's own summary line, counting a replacement as one add and one destroy, as it does. */
function summaryLine(changes: PlannedChange[]): string {
  const count = (action: string) => changes.filter((c) => c.change.actions.includes(action)).length;
  return `Plan: ${count("create")} to add, ${count("update")} to change, ${count("delete")} to destroy.`;
}

const VOLUME_TYPE = "openstack_blockstorage_volume_v3";

function planMarkdown(
  heading: string,
  changes: PlannedChange[],
  unresolved: string[],
  orphanVolumes: PlannedChange[],
): string {
  const lines = [heading, "", `**${changes.length === 0 ? "No changes." : summaryLine(changes)}**`, ""];
  if (orphanVolumes.length > 0) {
    // prevent_destroy lives in the resource block: once the block is gone (a renamed construct id),
    // nothing stops Terraform, so the review has to.
    lines.push(
      "> [!CAUTION]",
      "> **Terraform would destroy these volumes and the data on them**, because their blocks are gone from the " +
        "configuration, and `prevent_destroy` cannot protect a resource without its block (the review fails; pass " +
        "`--allow-destroy` if this is meant). A renamed construct id does this: keep the old id, or add `moveFromId()`.",
      ...orphanVolumes.map((c) => `> - ${code(c.address)}`),
      "",
    );
  }
  lines.push(
    "Nothing refreshes: this compares the configuration with the state as last written, " +
      "so changes made outside Terraform do not show. Data sources keep the values the state holds.",
  );
  if (unresolved.length > 0) {
    lines.push("", `Not in the state, so planned with made-up values: ${unresolved.map(code).join(", ")}.`);
  }
  if (changes.length > 0) {
    const rows = changes.map((c) => [
      code(c.address),
      actionOf(c.change.actions),
      (c.change.replace_paths ?? []).map((p) => code(p.join("."))).join(", "),
    ]);
    lines.push("", table(["resource", "action", "forces replacement"], rows));
  }
  return `${lines.join("\n")}\n`;
}
