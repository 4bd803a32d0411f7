// Replacement facts of a terraform-plugin-framework provider: attributes whose PlanModifiers require
// replacement. Only top-level attributes are read; nested attributes and blocks are reported unresolved.
"use strict";

const crypto = require("crypto");
const go = require("./go");

/**
 * Plan modifiers written by a provider itself, read by a person, and pinned by a hash of their
 * PlanModify method (tokens without comments), so a changed modifier is reported instead of trusted.
 *
 * null's RequiresReplaceIfValuesNotNull (v3.3.1) sets RequiresReplace whenever the configured map
 * differs from the state, except when the only differences are keys whose value is null (SDKv2 did
 * not store such keys, and the modifier keeps old states from being replaced on upgrade). For any
 * non-null `triggers` change it is RequiresReplace, so we record the attribute as forceNew.
 */
const REVIEWED_MODIFIERS = {
  "planmodifiers.RequiresReplaceIfValuesNotNull": {
    sha256: "0b176e6e91b7feffd88895ed8c50b5f0a5f772c889e40147393d648a9b26e864",
    decision: "forceNew",
  },
};

/** Built-in modifiers of the per-type packages (mapplanmodifier, stringplanmodifier, ...). */
function builtInModifier(name) {
  if (name === "RequiresReplace") return { decision: "forceNew" };
  if (name === "RequiresReplaceIfConfigured")
    return { decision: "conditional", when: "it is set in the configuration" };
  if (name.startsWith("RequiresReplace")) return { decision: "unresolved" };
  return { decision: "none" };
}

/**
 * Reads every resource the provider lists. `decls` are the function declarations of the provider
 * package (unqualified) and of its local packages (qualified, "planmodifiers.X").
 * Returns Map<typeName, { forceNew, conditional, unresolved, notes }>.
 */
function frameworkResources(decls) {
  const provider = [...decls.keys()].find(
    (k) => k.endsWith(".Resources") && decls.has(k.replace(/Resources$/, "Metadata")),
  );
  const providerName = assignedString(decls.get(provider.replace(/Resources$/, "Metadata")), "TypeName");
  const list = decls.get(provider);
  const open = list.tokens.findIndex((t, i) => i >= list.body[0] && t.text === "{");
  const found = new Map();
  for (const [from] of go.literalElements(list.tokens, open).map((e) => [e.from, e.to])) {
    const constructor = decls.get(list.tokens[from].text);
    const typeToken = constructor.tokens
      .slice(...constructor.body)
      .find((t) => t.kind === "ident" && t.text !== "return");
    const metadata = decls.get(`${typeToken.text}.Metadata`);
    const suffix = metadata.tokens.slice(...metadata.body).find((t) => t.kind === "string");
    found.set(providerName + go.stringValue(suffix), readSchema(decls, decls.get(`${typeToken.text}.Schema`)));
  }
  return found;
}

/** The string literal assigned to `resp.<field>` in a function body. */
function assignedString(fn, field) {
  for (let i = fn.body[0]; i < fn.body[1]; i++) {
    if (go.spells(fn.tokens, i, [field, "="]) && fn.tokens[i + 2].kind === "string")
      return go.stringValue(fn.tokens[i + 2]);
  }
  throw new Error(`no ${field} = "..." in a Metadata method`);
}

function readSchema(decls, fn) {
  const result = { forceNew: [], conditional: [], unresolved: [], notes: [] };
  const { tokens } = fn;
  const at = tokens.findIndex((t, i) => i >= fn.body[0] && go.spells(tokens, i, ["schema", ".", "Schema", "{"]));
  const top = go.literalElements(tokens, at + 3);
  if (top.some((e) => e.key === "Blocks")) result.unresolved.push("Blocks: nested blocks are not read");
  const attributes = top.find((e) => e.key === "Attributes");
  for (const attribute of go.literalElements(tokens, go.literalOpen(tokens, attributes.from, attributes.to))) {
    const settings = go.literalElements(tokens, go.literalOpen(tokens, attribute.from, attribute.to));
    if (settings.some((s) => s.key === "NestedObject" || s.key === "Attributes")) {
      result.unresolved.push(`${attribute.key}: nested attributes are not read`);
    }
    const modifiers = settings.find((s) => s.key === "PlanModifiers");
    if (!modifiers) continue;
    for (const [from, to] of go
      .literalElements(tokens, go.literalOpen(tokens, modifiers.from, modifiers.to))
      .map((e) => [e.from, e.to])) {
      classify(decls, attribute.key, go.asCall(tokens, from, to), go.text(tokens, from, to), result);
    }
  }
  return result;
}

function classify(decls, attribute, call, source, result) {
  const [pkg, name] = call ? call.callee.split(".") : [];
  let verdict;
  if (call && pkg.endsWith("planmodifier") && !decls.has(call.callee)) verdict = builtInModifier(name);
  else if (call && decls.has(call.callee)) verdict = localModifier(decls, call.callee);
  else verdict = { decision: "unresolved" };
  if (verdict.decision === "forceNew") result.forceNew.push(attribute);
  if (verdict.decision === "conditional")
    result.conditional.push({ attribute, when: `${attribute} changes and ${verdict.when}` });
  if (verdict.decision === "unresolved") {
    result.unresolved.push(`${attribute}: plan modifier ${source} ${verdict.reason || "is not understood"}`);
  }
  if (verdict.decision === "none") result.notes.push(`${attribute}: plan modifier ${source} does not replace`);
}

/** A provider's own modifier: trusted only as reviewed, else judged by whether it can set RequiresReplace. */
function localModifier(decls, qualified) {
  const pkg = qualified.split(".")[0];
  const constructor = decls.get(qualified);
  const typeToken = constructor.tokens
    .slice(...constructor.body)
    .find((t) => t.kind === "ident" && t.text !== "return");
  const methodKey = [...decls.keys()].find((k) => k.startsWith(`${pkg}.${typeToken.text}.PlanModify`));
  const method = decls.get(methodKey);
  const body = method.tokens.slice(...method.body);
  const sha256 = crypto
    .createHash("sha256")
    .update(body.map((t) => t.text).join(" "))
    .digest("hex");
  const reviewed = REVIEWED_MODIFIERS[qualified];
  if (reviewed && reviewed.sha256 === sha256) return { decision: reviewed.decision };
  const replaces = body.some((t, i) => go.spells(body, i, ["RequiresReplace", "=", "true"]));
  if (!replaces) return { decision: "none" };
  return {
    decision: "unresolved",
    reason: `sets RequiresReplace under conditions of its own (${methodKey} body sha256 ${sha256}, not reviewed)`,
  };
}

module.exports = { frameworkResources };
