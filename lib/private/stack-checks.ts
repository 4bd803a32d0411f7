import { AnnotationMetadataEntryType, TerraformStack, Token } from "cdktf";
import { Construct, IConstruct } from "constructs";

/**
 * Names that must be unique in a stack (cluster names, security group names, ...), kept per stack
 * in a WeakMap so a check costs one map lookup rather than a walk over the whole tree.
 */
const claimsByStack = new WeakMap<TerraformStack, Map<string, IConstruct[]>>();

/**
 * Records that `owner` uses `name` in `namespace`, and adds a validation to `owner` that fails when
 * another construct of the same stack claimed it too, naming both construct paths.
 * `message(otherPath)` words the error.
 */
export function claimUniqueName(
  owner: Construct,
  namespace: string,
  name: string,
  message: (otherPaths: string) => string,
): void {
  if (Token.isUnresolved(name)) return;
  const stack = TerraformStack.of(owner);
  let claims = claimsByStack.get(stack);
  if (!claims) {
    claims = new Map();
    claimsByStack.set(stack, claims);
  }
  const key = `${namespace}\u0000${name}`;
  const owners = claims.get(key) ?? [];
  owners.push(owner);
  claims.set(key, owners);
  owner.node.addValidation({
    validate: () => {
      const others = owners.filter((o) => o !== owner);
      return others.length === 0 ? [] : [message(others.map((o) => o.node.path).join(", "))];
    },
  });
}

/** Cluster and micro cloud names share a stack's outputs, server names and key folders. */
export function claimClusterName(owner: Construct, name: string): void {
  claimUniqueName(
    owner,
    "cluster",
    name,
    (others) =>
      `name: "${name}" is also the name of ${others}; give each cluster and micro cloud in a stack its own name, because it names their servers, outputs and key folder`,
  );
}

/**
 * Adds the warnings `produce` finds when synth validates, that is once the tree is final (a
 * cluster's layout grows with every addXxx() call). Synth may validate more than once; warn once.
 */
export function warnAtSynth(owner: Construct, produce: () => string[]): void {
  let warned = false;
  owner.node.addValidation({
    validate: () => {
      if (!warned) produce().forEach((warning) => warn(owner, warning));
      warned = true;
      return [];
    },
  });
}

/**
 * A synth-time warning, as `Annotations.of(scope).addWarning()` adds it but without the stack trace:
 * a trace holds absolute paths of the machine that synthesized, and the manifest must not (see
 * synth-output.test.ts); the construct path already says where the warning belongs.
 */
export function warn(scope: Construct, message: string): void {
  scope.node.addMetadata(AnnotationMetadataEntryType.WARN, message, { stackTrace: false });
}
