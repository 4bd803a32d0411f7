import { TerraformResource, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";

/**
 * Moves the Terraform state of a whole construct (a cluster, a micro cloud, a group of your own)
 * that you renamed or put under another parent: one `moved` block per resource inside it, from the
 * address it had at `oldPath` to the one it has now, so Terraform keeps every server, volume and
 * address instead of destroying and recreating them.
 *
 * ```ts
 * // The cluster was `new StackatoCluster(this, "Cluster", ...)`; now it is under a "Platform" construct:
 * const cluster = new StackatoCluster(platform, "Paas", { ... });
 * cluster.addDeas({ count: 2 });
 * ConstructMove.fromPath(cluster, "Cluster"); // after the last addXxx(): it moves what exists
 * ```
 *
 * The old addresses come from the stack's own naming (`allocateLogicalId`), as the resources' did.
 * Once the state has moved (one apply), remove the call: the `moved` blocks are then no-ops.
 */
export class ConstructMove {
  /**
   * Adds a `moved` block to every resource under `construct`, from its address under `oldPath`.
   * Call it after the last `addXxx()`: synth refuses a resource under `construct` added later.
   * @param construct the construct at its new place
   * @param oldPath its old construct path inside the stack, e.g. "Cluster" or "Platform/Cluster"
   */
  static fromPath(construct: IConstruct, oldPath: string): void {
    const oldComponents = oldPath.split("/");
    if (oldComponents.some((c) => c.trim() === "")) {
      throw new Error(
        `ConstructMove.fromPath: oldPath "${oldPath}" is not a construct path inside the stack; give the ids from the stack down, such as "Cluster" or "Platform/Cluster"`,
      );
    }
    const stack = TerraformStack.of(construct);
    const depth = pathInStack(construct, stack).length;
    const moved = new Set<TerraformResource>();
    for (const resource of construct.node.findAll().filter(TerraformResource.isTerraformResource)) {
      const inside = pathInStack(resource, stack).slice(depth);
      const from = `${resource.terraformResourceType}.${logicalIdAt(stack, [...oldComponents, ...inside])}`;
      moved.add(resource);
      if (from !== `${resource.terraformResourceType}.${resource.friendlyUniqueId}`) resource.moveFromId(from);
    }
    construct.node.addValidation({
      validate: () =>
        construct.node
          .findAll()
          .filter((c) => TerraformResource.isTerraformResource(c) && !moved.has(c))
          .map(
            (c) =>
              `ConstructMove.fromPath: ${c.node.path} was added after the call, so its state would not move; call ConstructMove.fromPath() after the last addXxx()`,
          )
          .slice(0, 1),
    });
  }
}

function pathInStack(construct: IConstruct, stack: TerraformStack): string[] {
  const scopes = construct.node.scopes;
  return scopes.slice(scopes.indexOf(stack) + 1).map((c) => c.node.id);
}

/**
 * The logical id the stack would give a resource at `components` below it: its own
 * `allocateLogicalId` (protected, so reached through a cast), given a node-like object at that path.
 */
function logicalIdAt(stack: TerraformStack, components: string[]): string {
  const scopes = [stack, ...components.map((id) => ({ node: { id } }))];
  const allocate = (stack as unknown as { allocateLogicalId(node: unknown): string }).allocateLogicalId;
  return allocate.call(stack, { scopes });
}
