import { IResolvable, IResolveContext, Token, Tokenization } from "cdktf";

/**
 * The same token, resolved once per kind of use instead of at every use. A node's fixed IP is an
 * `element()` call over a list reference; a cluster writes it five times per node (outputs, ssh host,
 * and the core's into every attach step), and cdktf re-resolves the call and its arguments each time.
 * What the call resolves to depends only on the stack it is written into, on whether braces are
 * wanted (inside another expression or not) and on the preparing pass (which registers cross-stack
 * references), so the result is kept per those three.
 */
class ResolvedOnce implements IResolvable {
  readonly creationStack: string[] = [];
  private readonly results = new WeakMap<object, Map<string, unknown>>();

  constructor(private readonly inner: IResolvable) {}

  resolve(context: IResolveContext): unknown {
    let byUse = this.results.get(context.scope);
    if (!byUse) this.results.set(context.scope, (byUse = new Map()));
    const use = `${context.preparing ? "p" : "-"}${context.suppressBraces ? "s" : "-"}`;
    if (!byUse.has(use)) byUse.set(use, this.inner.resolve(context));
    return byUse.get(use);
  }

  toString(): string {
    return Token.asString(this);
  }
}

/** `token` (a string token from cdktf), resolved once per stack and kind of use; see ResolvedOnce. */
export function resolvedOnce(token: string): string {
  const inner = Tokenization.reverseString(token).firstToken;
  if (!inner) throw new Error(`internal: resolvedOnce expects a token, got "${token}"`);
  return Token.asString(new ResolvedOnce(inner));
}
