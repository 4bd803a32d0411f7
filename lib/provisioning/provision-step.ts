import { Resource as NullResource } from "../../.gen/providers/null/resource";
import { Fn, ITerraformDependable, SSHProvisionerConnection } from "cdktf";
import { Construct } from "constructs";
import { ensureNullProvider } from "../private/null-provider";
import { ShellScript } from "./scripts";

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
    const triggers: Record<string, string> = { instance_id: props.instanceId, script_sha256: props.script.bodySha256 };
    for (const [variable, value] of props.script.params) {
      const secret = props.secretParams?.includes(variable);
      triggers[`${variable.toLowerCase()}${secret ? "_sha256" : ""}`] = secret ? Fn.sha256(value) : value;
    }
    this.resource = new NullResource(this, "Resource", {
      triggers,
      connection: props.connection,
      dependsOn: props.dependsOn,
      provisioners: [
        ...(props.uploads ?? []).map((u) => ({ type: "file" as const, source: u.source, destination: u.destination })),
        { type: "remote-exec" as const, inline: [props.script.renderForTerraform()] },
      ],
    });
  }
}
