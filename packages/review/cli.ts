/**
 * The package's command line: `cdktf-stackato-openstack-review review | validate`. Exit status 0 when
 * there is nothing to block, 1 when there is (a protected volume destroyed, a stack that does not
 * validate), 2 when the command line or its inputs are wrong.
 */
import * as fs from "fs";
import * as path from "path";
import { review } from "./review";
import { planAgainstState } from "./state-plan";
import { ReviewInputError } from "./stack-dirs";
import { PROVIDER_OPTIONS, ProviderOption, validateStacks } from "./validate-command";

const USAGE = `Usage:
  cdktf-stackato-openstack-review review --head <cdktf.out> [--base <cdktf.out>] [--stack NAME]
                                         [--state <terraform.tfstate>] [--provider auto|real|fake]
                                         [--out FILE] [--allow-destroy] [--max-chars N]
                                         [--var NAME=VALUE]... [--var-file FILE]...
  cdktf-stackato-openstack-review validate [<cdktf.out>] [--stack NAME] [--provider auto|real|fake]
                                           [--var NAME=VALUE]... [--var-file FILE]...

review    A Markdown report of the synthesized stacks (--head), or of the change from --base to --head:
          resources added, changed, replaced and destroyed, exposure, volumes and provisioning steps.
          --state plans --head against a real state file offline and adds Terraform's own plan, with the
          real terraform-provider-openstack where toolchain/build.sh built it (--provider, as for validate).
          Exits 1 when a protected volume would be destroyed, unless --allow-destroy.
          Writes has_changes, destroys and blocked to $GITHUB_OUTPUT when it is set.
validate  terraform validate and plan of every stack, offline (needs terraform on PATH).
          --provider real validates with the real terraform-provider-openstack that toolchain/build.sh
          built, fake with the harness's schema-only one; auto (the default) takes the real one when built.

--var and --var-file give the stacks' Terraform variables to terraform plan (validate, review --state),
as terraform's own -var and -var-file do; TF_VAR_<name> environment variables work too.
Exit status: 0 ok; 1 blocked (a protected volume destroyed, a stack that does not validate or plan);
2 wrong command line or input (including a --state plan Terraform refuses, e.g. a variable without a value).`;

interface Parsed {
  readonly command: string;
  readonly flags: Map<string, string | true>;
  readonly positional: string[];
  /** `-var=NAME=VALUE` and `-var-file=PATH` arguments for terraform plan, in the order given. */
  readonly terraformVars: string[];
}

const VALUE_FLAGS = new Set(["--head", "--base", "--stack", "--out", "--max-chars", "--state", "--provider"]);
const EXAMPLE_VALUES: Record<string, string> = {
  "--max-chars": "60000",
  "--stack": "cluster",
  "--provider": "real",
  "--state": "terraform.tfstate",
};
/** Flags that may repeat; each becomes one terraform argument. */
const VAR_FLAGS = new Set(["--var", "--var-file"]);
const SWITCHES = new Set(["--allow-destroy", "--help"]);
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `--var NAME=VALUE` or `--var-file FILE` as terraform's `-var=NAME=VALUE` or `-var-file=/absolute/FILE`. */
function terraformVarArg(flag: string, value: string): string {
  if (flag === "--var") {
    const eq = value.indexOf("=");
    const name = eq < 0 ? value : value.slice(0, eq);
    if (eq < 0 || !VARIABLE_NAME.test(name))
      throw new UsageError(
        `--var ${value}: give NAME=VALUE with a Terraform variable name, e.g. --var paas_domain=paas.example.com`,
      );
    return `-var=${value}`;
  }
  const file = path.resolve(value);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile())
    throw new UsageError(`--var-file ${value}: no such file; give a .tfvars or .tfvars.json file`);
  // Terraform runs in a scratch copy of the stack, so the file is passed by its absolute path.
  return `-var-file=${file}`;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[]): Parsed {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError("give a command: review or validate");
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  const terraformVars: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [name, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    if (VALUE_FLAGS.has(name)) {
      const value = inline ?? rest[++i];
      if (value === undefined || value.startsWith("--"))
        throw new UsageError(`${name} needs a value, e.g. ${name} ${EXAMPLE_VALUES[name] ?? "cdktf.out"}`);
      flags.set(name, value);
    } else if (VAR_FLAGS.has(name)) {
      const value = inline ?? rest[++i];
      if (value === undefined)
        throw new UsageError(
          `${name} needs a value, e.g. ${name === "--var" ? "--var NAME=VALUE" : "--var-file prod.tfvars"}`,
        );
      terraformVars.push(terraformVarArg(name, value));
    } else if (SWITCHES.has(name)) {
      flags.set(name, true);
    } else if (name.startsWith("-")) {
      throw new UsageError(
        `unknown option ${name}; the options are ${[...VALUE_FLAGS, ...VAR_FLAGS, ...SWITCHES].join(", ")}`,
      );
    } else {
      positional.push(arg);
    }
  }
  return { command, flags, positional, terraformVars };
}

export async function main(
  argv: string[],
  out: (text: string) => void = (t) => process.stdout.write(t),
): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.command === "--help" || args.command === "help" || args.flags.has("--help")) {
      out(`${USAGE}\n`);
      return 0;
    }
    if (args.command === "review") return await runReview(args, out);
    if (args.command === "validate") return await runValidate(args, out);
    throw new UsageError(`unknown command ${args.command}; the commands are review and validate`);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ReviewInputError) {
      process.stderr.write(
        `cdktf-stackato-openstack-review: ${err.message}\n${err instanceof UsageError ? `\n${USAGE}\n` : ""}`,
      );
      return 2;
    }
    throw err;
  }
}

function stringFlag(args: Parsed, name: string): string | undefined {
  const value = args.flags.get(name);
  return typeof value === "string" ? value : undefined;
}

async function runReview(args: Parsed, out: (text: string) => void): Promise<number> {
  if (args.positional.length > 0)
    throw new UsageError(`unexpected argument ${args.positional[0]}; pass folders with --head and --base`);
  const head = stringFlag(args, "--head");
  if (!head) throw new UsageError("review needs --head <cdktf.out>, the folder `cdktf synth` wrote");
  const maxCharsText = stringFlag(args, "--max-chars");
  const maxChars = maxCharsText === undefined ? undefined : Number(maxCharsText);
  if (maxChars !== undefined && !(Number.isInteger(maxChars) && maxChars >= 2000)) {
    throw new UsageError(
      `--max-chars ${maxCharsText}: give a whole number of characters of at least 2000, e.g. --max-chars 60000`,
    );
  }
  const result = review({
    head,
    base: stringFlag(args, "--base"),
    stack: stringFlag(args, "--stack"),
    allowDestroy: args.flags.has("--allow-destroy"),
    maxChars,
  });
  let { markdown, exitCode, hasChanges, destroys } = result;
  const state = stringFlag(args, "--state");
  if (state !== undefined) {
    const planned = await planAgainstState(
      head,
      state,
      stringFlag(args, "--stack"),
      args.terraformVars,
      providerFlag(args),
    );
    markdown = `${markdown.trimEnd()}\n\n${planned.markdown}`;
    if (planned.blocked && !args.flags.has("--allow-destroy")) exitCode = 1;
    // A plan Terraform refuses for another reason answers nothing: the inputs are wrong (exit 2).
    if (planned.refused.length > 0 && !planned.blocked) {
      process.stderr.write(
        `cdktf-stackato-openstack-review: Terraform refused to plan ${head} against ${state}:\n${planned.refused.map((d) => `  ${d}\n`).join("")}` +
          (planned.refused.some((d) => /variable/i.test(d))
            ? "Give the stack's variables with --var NAME=VALUE, --var-file FILE or TF_VAR_<name>.\n"
            : ""),
      );
      exitCode = 2;
    }
    // Against a state, Terraform's own plan is the better answer to "what changes".
    hasChanges = planned.blocked || planned.changes > 0;
    destroys = Math.max(destroys, planned.destroys);
  }
  const outFile = stringFlag(args, "--out");
  if (outFile) {
    fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
    fs.writeFileSync(outFile, markdown);
  } else {
    out(markdown);
  }
  writeGithubOutput({ has_changes: String(hasChanges), destroys: String(destroys), blocked: String(exitCode !== 0) });
  return exitCode;
}

async function runValidate(args: Parsed, out: (text: string) => void): Promise<number> {
  if (args.positional.length > 1) throw new UsageError(`validate takes one folder, got ${args.positional.join(" ")}`);
  const outcome = await validateStacks(
    args.positional[0] ?? "cdktf.out",
    stringFlag(args, "--stack"),
    args.terraformVars,
    providerFlag(args),
  );
  out(`${outcome.lines.join("\n")}\n`);
  for (const failure of outcome.failures) {
    process.stderr.write(
      `\n${failure.stack}: terraform ${failure.step} failed\n${failure.diagnostics.map((d) => `  ${d}\n`).join("")}`,
    );
    if (failure.diagnostics.some((d) => /No value for required variable/i.test(d)))
      process.stderr.write("  Give the stack's variables with --var NAME=VALUE, --var-file FILE or TF_VAR_<name>.\n");
  }
  return outcome.failures.length > 0 ? 1 : 0;
}

function providerFlag(args: Parsed): ProviderOption {
  const value = stringFlag(args, "--provider") ?? "auto";
  if (!(PROVIDER_OPTIONS as readonly string[]).includes(value)) {
    throw new UsageError(`--provider ${value}: give one of ${PROVIDER_OPTIONS.join(", ")}, e.g. --provider real`);
  }
  return value as ProviderOption;
}

/** GitHub Actions step outputs: `name=value` lines appended to the file $GITHUB_OUTPUT names. */
function writeGithubOutput(values: Record<string, string>): void {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) return;
  fs.appendFileSync(
    file,
    Object.entries(values)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(""),
  );
}
