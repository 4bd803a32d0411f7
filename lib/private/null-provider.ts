import { TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { NullProvider } from "../../.gen/providers/null/provider";

const NULL_PROVIDER_ID = "stackato-null-provider";

/** Stacks already known to declare the null provider: every provisioning step asks, so look once per stack. */
const declaring = new WeakSet<TerraformStack>();

/**
 * A default (unaliased) hashicorp/null provider block, from any copy of any version of the
 * bindings: a consumer's own `@cdktf/provider-null` is a different class, so compare the
 * Terraform provider type, not the class.
 */
function isDefaultNullProvider(construct: IConstruct): boolean {
  const candidate = construct as {
    terraformResourceType?: unknown;
    terraformProviderSource?: unknown;
    alias?: unknown;
  };
  return (
    candidate.terraformResourceType === "null" &&
    typeof candidate.terraformProviderSource === "string" &&
    !candidate.alias
  );
}

/**
 * Makes sure the stack that holds `scope` declares the hashicorp/null provider, which our
 * provisioner resources need and which has no settings a user would want to choose. A provider
 * the user declared, before or after our constructs, is used instead: ours is then refused at
 * synth with the fix, because Terraform rejects two default blocks for one provider.
 */
export function ensureNullProvider(scope: Construct): void {
  const stack = TerraformStack.of(scope);
  if (declaring.has(stack)) return;
  declaring.add(stack);
  // A walk of the whole tree: once per stack, not once per step (that was quadratic in the cluster's size).
  if (stack.node.findAll().some(isDefaultNullProvider)) return;
  const ours = new NullProvider(stack, NULL_PROVIDER_ID);
  ours.node.addValidation({
    validate: () =>
      stack.node.findAll().some((c) => c !== ours && isDefaultNullProvider(c))
        ? [
            `${stack.node.path}: a hashicorp/null provider was declared after a construct of this library added its own (${ours.node.path}); declare yours before the first StackatoCluster or StackatoMicroCloud with provisioning, so the library uses it`,
          ]
        : [],
  });
}
