// ForceNew facts of a terraform-plugin-sdk/v2 resource: `ForceNew: true` in its schema map (nested
// `Elem: &schema.Resource{...}` blocks give dotted paths) and the customdiff rules in CustomizeDiff.
// The same walk records what else the SDK does to a planned value that the JSON schema cannot say:
// `Default` literals, and which fields have a `StateFunc` (the state stores a function of the value).
"use strict";

const go = require("./go");
const { describeReturn, parameterNames } = require("./condition");

/** customdiff helpers that never force a replacement themselves. */
const INERT_CUSTOMDIFF = new Set(["ComputedIf", "ValidateChange", "ValidateValue"]);
/** customdiff helpers that run their last argument only under a condition of their own. */
const GUARDED_CUSTOMDIFF = new Set(["If", "IfValue", "IfValueChange"]);

/**
 * Reads the resource built by the package function `constructor` (`func x() *schema.Resource {
 * return &schema.Resource{...} }`). Returns { forceNew, conditional, unresolved, notes }.
 */
function sdkResource(decls, constructor) {
  const result = { forceNew: [], conditional: [], unresolved: [], notes: [], defaults: {}, stateFuncs: [] };
  const decl = decls.get(constructor);
  if (!decl) {
    result.unresolved.push(`function ${constructor} not found in the package`);
    return result;
  }
  const { tokens } = decl;
  const [from, to] = decl.body;
  let open = -1;
  for (let i = from; i < to && open < 0; i++) {
    if (tokens[i].text === "return" && go.spells(tokens, i + 1, ["&", "schema", ".", "Resource", "{"])) open = i + 5;
  }
  if (open < 0) {
    result.unresolved.push(`${constructor} does not return a &schema.Resource{...} literal`);
    return result;
  }
  const elements = go.literalElements(tokens, open);
  const schema = elements.find((e) => e.key === "Schema");
  if (schema) readSchemaMap(tokens, schema, "", result);
  else result.unresolved.push(`${constructor}: no Schema in the resource literal`);
  const customize = elements.find((e) => e.key === "CustomizeDiff");
  if (customize) readCustomizeDiff(decls, tokens, [customize.from, customize.to], [], result);
  return result;
}

function readSchemaMap(tokens, element, prefix, result) {
  const open = go.literalOpen(tokens, element.from, element.to);
  if (open < 0 || tokens[element.from].text !== "map") {
    result.unresolved.push(
      `${prefix || "<root>"}: Schema is ${go.text(tokens, element.from, element.to)}, not a map literal`,
    );
    return;
  }
  for (const field of go.literalElements(tokens, open)) {
    const path = prefix + field.key;
    const fieldOpen = go.literalOpen(tokens, field.from, field.to);
    if (fieldOpen < 0) {
      result.unresolved.push(`${path}: schema is ${go.text(tokens, field.from, field.to)}, not a literal`);
      continue;
    }
    const settings = go.literalElements(tokens, fieldOpen);
    const forceNew = settings.find((s) => s.key === "ForceNew");
    if (forceNew) {
      const value = go.text(tokens, forceNew.from, forceNew.to);
      if (value === "true") result.forceNew.push(path);
      else if (value !== "false") result.unresolved.push(`${path}: ForceNew is the expression ${value}`);
    }
    const defaultValue = settings.find((s) => s.key === "Default");
    if (defaultValue) {
      const literal = literalValue(tokens, defaultValue.from, defaultValue.to);
      if (literal === undefined)
        result.notes.push(`${path}: Default is the expression ${go.text(tokens, defaultValue.from, defaultValue.to)}`);
      else result.defaults[path] = literal;
    }
    if (settings.some((s) => s.key === "StateFunc")) result.stateFuncs.push(path);
    const elem = settings.find((s) => s.key === "Elem");
    if (!elem) continue;
    if (go.spells(tokens, elem.from, ["&", "schema", ".", "Schema", "{"])) continue; // a primitive element type
    if (!go.spells(tokens, elem.from, ["&", "schema", ".", "Resource", "{"])) {
      result.unresolved.push(`${path}: Elem is ${go.text(tokens, elem.from, elem.to)}, not a literal`);
      continue;
    }
    const nested = go.literalElements(tokens, elem.from + 4).find((s) => s.key === "Schema");
    if (nested) readSchemaMap(tokens, nested, `${path}.`, result);
  }
}

/** A Go literal as JSON: a string, a number or a bool; undefined for anything else. */
function literalValue(tokens, from, to) {
  if (to - from !== 1) return undefined;
  const token = tokens[from];
  if (token.kind === "string") return go.stringValue(token);
  if (token.kind === "number" && /^-?\d+(\.\d+)?$/.test(token.text)) return Number(token.text);
  if (token.text === "true" || token.text === "false") return token.text === "true";
  return undefined;
}

/**
 * One CustomizeDiff expression. `guards` collects the conditions of enclosing customdiff.If* calls: a
 * ForceNew under such a guard is recorded as unresolved, since its condition is then a compound.
 */
function readCustomizeDiff(decls, tokens, [from, to], guards, result, inheritedComments = []) {
  const call = go.asCall(tokens, from, to);
  if (call && call.callee.startsWith("customdiff.")) {
    const helper = call.callee.slice("customdiff.".length);
    if (helper === "All" || helper === "Sequence") {
      // A comment above one rule often explains the rules after it too (flavor_id, then flavor_name).
      let comments = [];
      for (const arg of call.args) {
        if (tokens[arg[0]].comments.length > 0) comments = tokens[arg[0]].comments;
        readCustomizeDiff(decls, tokens, arg, guards, result, comments);
      }
    } else if (helper === "ForceNewIfChange" || helper === "ForceNewIf") {
      forceNewRule(
        decls,
        tokens,
        call,
        helper,
        guards,
        result,
        tokens[from].comments.length > 0 ? tokens[from].comments : inheritedComments,
      );
    } else if (GUARDED_CUSTOMDIFF.has(helper)) {
      const guard = go.text(tokens, call.args[0][0], call.args[call.args.length - 2][1]);
      readCustomizeDiff(decls, tokens, call.args[call.args.length - 1], [...guards, guard], result);
    } else if (!INERT_CUSTOMDIFF.has(helper)) {
      result.unresolved.push(`CustomizeDiff: unknown helper ${call.callee}`);
    }
    return;
  }
  // A plain CustomizeDiffFunc: it can only force a replacement by calling ResourceDiff.ForceNew.
  const name = tokens[from].text === "func" ? "an inline CustomizeDiff function" : go.text(tokens, from, to);
  const body = tokens[from].text === "func" ? { tokens, body: functionLiteralBody(tokens, from) } : decls.get(name);
  if (!body) {
    result.unresolved.push(`CustomizeDiff: ${name} not found in the package`);
  } else if (callsForceNew(decls, body, new Set())) {
    result.unresolved.push(`CustomizeDiff: ${name} calls ResourceDiff.ForceNew; its condition is not extracted`);
  } else {
    result.notes.push(`CustomizeDiff ${name} never calls ForceNew`);
  }
}

function forceNewRule(decls, tokens, call, helper, guards, result, comments) {
  const [keyFrom, keyTo] = call.args[0];
  if (keyTo - keyFrom !== 1 || tokens[keyFrom].kind !== "string") {
    result.unresolved.push(`CustomizeDiff: ${helper} on ${go.text(tokens, keyFrom, keyTo)}`);
    return;
  }
  const attribute = go.stringValue(tokens[keyFrom]);
  const [fnFrom, fnTo] = call.args[1];
  const fn =
    tokens[fnFrom].text === "func"
      ? { tokens, params: [fnFrom + 2, go.closing(tokens, fnFrom + 1)], body: functionLiteralBody(tokens, fnFrom) }
      : decls.get(go.text(tokens, fnFrom, fnTo));
  // ForceNewIfChange passes (ctx, old, new, meta); ForceNewIf passes (ctx, d, meta) and is left to a human.
  let condition = null;
  if (fn && helper === "ForceNewIfChange") {
    const [, oldName, newName] = parameterNames(fn.tokens, fn.params);
    condition = describeReturn(fn.tokens, fn.body, { [oldName]: "the old value", [newName]: "the new value" });
  }
  if (condition === null || guards.length > 0) {
    const source = fn ? go.text(fn.tokens, fn.body[0], fn.body[1]) : go.text(tokens, fnFrom, fnTo);
    const guarded = guards.length > 0 ? ` under ${guards.join(" and ")}` : "";
    result.unresolved.push(
      `${attribute}: CustomizeDiff ${helper}${guarded} with a condition not translated: ${source}`,
    );
    return;
  }
  const why = comments.length > 0 ? ` (provider comment: "${comments.join(" ").replace(/\s+/g, " ")}")` : "";
  result.conditional.push({ attribute, when: `${attribute} changes and ${condition}${why}` });
}

/** [from, to) inside the braces of the function literal whose `func` keyword is at `at`. */
function functionLiteralBody(tokens, at) {
  let open = go.closing(tokens, at + 1) + 1;
  while (tokens[open].text !== "{") open++;
  return [open + 1, go.closing(tokens, open)];
}

/** Does the function, or a package function it calls (transitively), call `.ForceNew(`? */
function callsForceNew(decls, fn, seen) {
  const [from, to] = fn.body;
  for (let i = from; i < to; i++) {
    const t = fn.tokens[i];
    if (t.text === "ForceNew" && fn.tokens[i - 1].text === "." && fn.tokens[i + 1].text === "(") return true;
    if (t.kind === "ident" && fn.tokens[i + 1].text === "(" && fn.tokens[i - 1].text !== "." && !seen.has(t.text)) {
      seen.add(t.text);
      const callee = decls.get(t.text);
      if (callee && callsForceNew(decls, callee, seen)) return true;
    }
  }
  return false;
}

module.exports = { sdkResource };
