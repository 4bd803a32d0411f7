import { NullProvider } from "@cdktf/provider-null/lib/provider";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";

const NULL_PROVIDER_ID = "stackato-null-provider";

/** Stacks already known to declare the null provider: every provisioning step asks, so look once per stack. */
const declaring = new WeakSet<TerraformStack>();

/**
 * Makes sure the stack that holds `scope` declares the hashicorp/null provider, which our
 * provisioner resources need and which has no settings a user would want to choose.
 */
export function ensureNullProvider(scope: Construct): void {
  const stack = TerraformStack.of(scope);
  if (declaring.has(stack)) return;
  // A walk of the whole tree: once per stack, not once per step (that was quadratic in the cluster's size).
  const declared = stack.node.findAll().some((c) => c instanceof NullProvider);
  if (!declared) new NullProvider(stack, NULL_PROVIDER_ID);
  declaring.add(stack);
}
