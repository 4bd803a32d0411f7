import { IResolvable, IResolveContext, ITerraformDependable, TerraformResource, Token } from "cdktf";

/**
 * The `depends_on` entry for `target`, as cdktf renders one, for appending to a resource's
 * `dependsOn` after construction (a dependency that only appears when a later node or volume is added).
 */
export function dependencyToken(target: ITerraformDependable): string {
  return Token.asString(new DependencyReference(target));
}

class DependencyReference implements IResolvable {
  readonly creationStack: string[] = [];
  constructor(private readonly target: ITerraformDependable) {}

  resolve(context: IResolveContext): string {
    // depends_on holds bare addresses, never "${...}" interpolations.
    context.suppressBraces = true;
    const target = this.target;
    // A resource's address in its own stack, as its fqn token resolves; spelled out here because
    // the fqn token would be created now, at synth, where cdktf's stack trace for it is deepest.
    return TerraformResource.isTerraformResource(target)
      ? `${target.terraformResourceType}.${target.friendlyUniqueId}`
      : target.fqn;
  }

  toString(): string {
    return Token.asString(this);
  }
}
