import { createHash } from "crypto";
import { base64UnlessQuotable, shellQuote } from "../../base/shell-words";
import { UNTEMPLATABLE, escapeTemplate } from "../../base/terraform-text";
import * as prelude from "./prelude";

/**
 * A bash script whose inputs are shell variables assigned at the top, so the body is fixed text
 * that tests can shellcheck, and the inputs can be Terraform references resolved at apply time.
 */
export class ShellScript {
  /**
   * @param name a short name, used in resource ids and messages
   * @param params shell variable name -> value (plain text or a cdktf token)
   * @param body the bash that uses the params; `${` in it is shell syntax, never Terraform's
   */
  constructor(
    readonly name: string,
    readonly params: ReadonlyArray<readonly [string, string]>,
    readonly body: string,
  ) {
    if (UNTEMPLATABLE.test(body))
      throw new Error(`script ${name}: the body holds a control character; write it as $'\\r' and the like`);
    for (const [variable] of params) {
      if (!/^[A-Z][A-Z0-9_]*$/.test(variable))
        throw new Error(`script ${name}: parameter "${variable}" must be an UPPER_CASE shell name`);
    }
  }

  /** The script as bash, with each param single-quoted. Used by tests and by `renderForTerraform`. */
  render(values: Record<string, string> = {}): string {
    const assignments = this.params.map(([variable, value]) => `${variable}=${shellQuote(values[variable] ?? value)}`);
    return [SCRIPT_HEADER, ...assignments, this.body].join("\n") + "\n";
  }

  /**
   * The script as a Terraform template string. Nothing in it is evaluated by Terraform but the params
   * that are references, and those are quoted when their values are known, at apply: a value such as
   * `x'; touch /tmp/p; echo '` arrives as data. Literal params are single-quoted now, with `${` and
   * `%{` escaped. Secret params are read instead from the files the step uploads (see ProvisionStep):
   * `secretFiles` maps each to its file's name in the node's private directory.
   */
  renderForTerraform(secretFiles: Record<string, string> = {}): string {
    const assignments = this.params.map(([variable, value]) => {
      const file = secretFiles[variable];
      if (file !== undefined)
        return decodedAssignment(variable, `base64 -d < ${privateFile(file)}`) + `; rm -f ${privateFile(file)}`;
      const encoded = base64UnlessQuotable(value);
      return encoded === undefined
        ? escapeTemplate(`${variable}=${shellQuote(value)}`)
        : decodedAssignment(variable, `base64 -d <<< '${encoded}'`);
    });
    return [SCRIPT_HEADER, ...assignments, escapeTemplate(this.body)].join("\n") + "\n";
  }

  /**
   * The script as a Terraform template whose params are HCL expressions (by param name), for a
   * destroy-time provisioner, which may only read its own resource (`self.input.node_ip`). Each is
   * base64-encoded by Terraform when the provisioner runs and decoded by bash, so it arrives as data.
   */
  renderWithExpressions(expressions: Record<string, string>): string {
    const assignments = this.params.map(([variable]) => {
      const expression = expressions[variable];
      if (expression === undefined) throw new Error(`script ${this.name}: no expression for ${variable}`);
      return decodedAssignment(variable, `base64 -d <<< '\${base64encode(${expression})}'`);
    });
    return [SCRIPT_HEADER, ...assignments, escapeTemplate(this.body)].join("\n") + "\n";
  }

  /**
   * Hash of what the step itself does, for the trigger that re-runs it: the body without the shared
   * prelude, plus the prelude's version. So rewording the prelude in a release re-runs no step on
   * any cluster, while a behaviour change of the prelude (a version bump) re-runs each once.
   */
  get bodySha256(): string {
    const own = this.body.startsWith(prelude.PRELUDE)
      ? `prelude v${prelude.PRELUDE_VERSION}\n${this.body.slice(prelude.PRELUDE.length)}`
      : this.body;
    return createHash("sha256").update(own).digest("hex");
  }
}

/**
 * Where a step's private files wait on the node, relative to the login user's home (mode 0700);
 * the scripts find it as "$STATE_DIR/private".
 */
export const PRIVATE_DIR = ".stackato-terraform/private";

/** A file of the step's private directory, as a shell word: the node's own $HOME, never a built path. */
function privateFile(name: string): string {
  return `"$HOME"/${shellQuote(`${PRIVATE_DIR}/${name}`)}`;
}

/** Every script runs under bash with strict error handling; the shebang must be the first line. */
const SCRIPT_HEADER = "#!/bin/bash\nset -euo pipefail";

/**
 * `VARIABLE=<output of command>`, byte for byte: command substitution drops trailing newlines, so a
 * sentinel keeps them and is cut off again. Written for Terraform: the shell's `${` is escaped.
 */
function decodedAssignment(variable: string, command: string): string {
  return `${variable}="$(${command}; printf x)"; ${variable}="$$` + `{${variable}%x}"`;
}
