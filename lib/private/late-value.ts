import { IResolvable, IResolveContext, Token } from "cdktf";

/**
 * A value read at synth, like `Lazy`, for the few collections that grow with later calls (the load
 * balancer's routers, the membership of every node), without the stack trace cdktf records for every
 * `Lazy`. The trace only serves error messages; these producers only list nodes and cannot fail.
 */
class LateValue<T> implements IResolvable {
  readonly creationStack: string[] = [];
  constructor(private readonly produce: () => T) {}

  resolve(_context: IResolveContext): T {
    return this.produce();
  }

  toString(): string {
    return Token.asString(this);
  }

  toJSON(): string {
    return "<unresolved-late-value>";
  }
}

/** A string token whose value `produce` gives at synth; undefined leaves the field out. */
export function lateString(produce: () => string | undefined): string {
  return Token.asString(new LateValue(produce));
}

/** Any value (a map for `for_each`, say) that `produce` gives at synth. */
export function lateAny(produce: () => unknown): unknown {
  return Token.asAny(new LateValue(produce));
}
