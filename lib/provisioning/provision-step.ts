import { Resource as NullResource } from "../../.gen/providers/null/resource";
import { Fn, ITerraformDependable, SSHProvisionerConnection } from "cdktf";
import { Construct } from "constructs";
import { ensureNullProvider } from "../private/null-provider";
import { applyTimeValue, base64AtApply, literalSafe } from "../base/terraform-text";

import { ShellScript } from "./scripts";
import { PRIVATE_DIR } from "./scripts/shell";

/** A local file a step copies to its node before its script runs. */
export interface FileUpload {
  /** Path on the deploying machine (relative to the stack's Terraform directory). */
  readonly source: string;
  /** Absolute path on the node. */
  readonly destination: string;
}

export interface ProvisionStepProps {
  /** The instance the script runs on; replacing it re-runs the step. */
  readonly instanceId: string;
  readonly script: ShellScript;
  readonly connection: SSHProvisionerConnection;
  /** Steps and resources that must be finished first. */
  readonly dependsOn: ITerraformDependable[];
  /** Local files to copy to the node before the script runs. */
  readonly uploads?: FileUpload[];
  /**
   * Local files to copy into the node's private directory (mode 0700) before the script runs, by
   * file name there (`destination` is a name, not a path): keys and certificates.
   */
  readonly privateUploads?: FileUpload[];
  /** More triggers: what else re-runs the step when it changes (e.g. a regenerated key). */
  readonly extraTriggers?: Record<string, string>;
  /** Params whose values are secret: their triggers hold a hash, not the value. */
  readonly secretParams?: string[];
}

/**
 * One provisioning step: a `null_resource` that runs a generated script on a node over ssh.
 * It re-runs when the instance, the script text or any script input changes; the scripts are
 * idempotent, so a re-run is safe.
 */
export class ProvisionStep extends Construct {
  readonly resource: NullResource;

  constructor(scope: Construct, id: string, props: ProvisionStepProps) {
    super(scope, id);
    ensureNullProvider(this);
    const secrets = new Set(props.secretParams ?? []);
    const triggers: Record<string, string> = {
      instance_id: props.instanceId,
      script_sha256: props.script.bodySha256,
      ...props.extraTriggers,
    };
    for (const [variable, value] of props.script.params) {
      const secret = secrets.has(variable);
      triggers[`${variable.toLowerCase()}${secret ? "_sha256" : ""}`] = secret
        ? Fn.sha256(applyTimeValue(value))
        : literalSafe(value);
    }
    // Terraform copies an inline script to /tmp/terraform_*.sh (mode 0777) and leaves it there when it
    // fails, so secrets never go into the script: each goes base64-encoded into a file in a 0700
    // directory of the login user's home, which the script reads and removes at once.
    // No path is built from ssh.user: the home directory is wherever the node has it. Uploads name it
    // by a relative path (Terraform runs `scp -t <dir>` in the ssh session, which starts in the home
    // directory), and commands by $HOME.
    const secretFiles: Record<string, string> = {};
    const secretUploads = props.script.params
      .filter(([variable]) => secrets.has(variable))
      .map(([variable, value]) => {
        const name = `${props.script.name}-${variable.toLowerCase()}`;
        secretFiles[variable] = name;
        return { type: "file" as const, content: base64AtApply(value), destination: `${PRIVATE_DIR}/${name}` };
      });
    const privateUploads = (props.privateUploads ?? []).map((u) => ({
      type: "file" as const,
      source: literalSafe(u.source),
      destination: `${PRIVATE_DIR}/${u.destination}`,
    }));
    this.resource = new NullResource(this, "Resource", {
      triggers,
      connection: props.connection,
      dependsOn: props.dependsOn,
      provisioners: [
        ...(secretUploads.length + privateUploads.length > 0
          ? [
              {
                type: "remote-exec" as const,
                inline: [`mkdir -p -m 700 "$HOME/${PRIVATE_DIR}" && chmod 700 "$HOME/${PRIVATE_DIR}"`],
              },
              ...secretUploads,
              ...privateUploads,
            ]
          : []),
        ...(props.uploads ?? []).map((u) => ({
          type: "file" as const,
          source: literalSafe(u.source),
          destination: u.destination,
        })),
        { type: "remote-exec" as const, inline: [props.script.renderForTerraform(secretFiles)] },
      ],
    });
  }
}
