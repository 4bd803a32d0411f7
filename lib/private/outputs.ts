import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { literalSafeDeep } from "../base/terraform-text";

/**
 * A stack output whose Terraform name is `<prefix>_<name>` rather than a hashed construct path,
 * so `cdktf output` and reviewers see readable, stable names.
 */
export function namedOutput(
  scope: Construct,
  prefix: string,
  name: string,
  value: unknown,
  description: string,
): TerraformOutput {
  // Literal text in an output (a user's name or domain) stays literal; references still resolve.
  const output = new TerraformOutput(scope, name, { value: literalSafeDeep(value), description });
  output.overrideLogicalId(`${prefix.replace(/[^A-Za-z0-9_]/g, "_")}_${name}`);
  return output;
}
