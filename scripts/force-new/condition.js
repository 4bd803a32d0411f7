// Turns the Go condition of a CustomizeDiff rule into plain English, for the small expressions that
// providers write there (comparisons of the old and new value, && and ||). Anything else returns
// null, and the caller records the rule as unresolved rather than guessing.
"use strict";

const { stringValue, splitTopLevel, text } = require("./go");

const COMPARISONS = {
  "==": "is",
  "!=": "is not",
  "<": "is less than",
  "<=": "is at most",
  ">": "is greater than",
  ">=": "is at least",
};

/**
 * English for `return <expr>`, the whole body of a function literal whose parameters are named in
 * `names` (e.g. { old: "the old value", new: "the new value" }). Returns null when it cannot.
 */
function describeReturn(tokens, [from, to], names) {
  if (tokens[from].text !== "return" || splitTopLevel(tokens, from, to, ";").length !== 1) return null;
  return describe(tokens, from + 1, to, names);
}

function describe(tokens, from, to, names) {
  for (const [op, word] of [
    ["||", " or "],
    ["&&", " and "],
  ]) {
    const parts = splitTopLevel(tokens, from, to, op);
    if (parts.length > 1) {
      const described = parts.map(([a, b]) => describe(tokens, a, b, names));
      return described.includes(null) ? null : described.join(word);
    }
  }
  for (const op of Object.keys(COMPARISONS)) {
    const parts = splitTopLevel(tokens, from, to, op);
    if (parts.length !== 2) continue;
    const [left, right] = parts.map(([a, b]) => operand(tokens, a, b, names));
    if (left === null || right === null) return null;
    return `${left} ${COMPARISONS[op]} ${right}`;
  }
  if (tokens[from].text === "(" && tokens[to - 1].text === ")") return describe(tokens, from + 1, to - 1, names);
  return null;
}

/** A value: a parameter (possibly type-asserted, `old.(string)`), a literal, or len(parameter). */
function operand(tokens, from, to, names) {
  const first = tokens[from];
  if (to - from === 1) {
    if (first.kind === "string")
      return stringValue(first) === "" ? "an empty string" : JSON.stringify(stringValue(first));
    if (first.kind === "number" || first.text === "true" || first.text === "false") return first.text;
    if (first.text === "nil") return "nil";
    return names[first.text] || null;
  }
  const source = text(tokens, from, to);
  const asserted = /^(\w+)\.\((\w+)\)$/.exec(source);
  if (asserted && names[asserted[1]]) return names[asserted[1]];
  const length = /^len\((\w+)(?:\.\(\[?\]?\w+\))?\)$/.exec(source);
  if (length && names[length[1]]) return `the length of ${names[length[1]]}`;
  return null;
}

/** The names a function literal gives its parameters, in order ("_" for unused ones). */
function parameterNames(tokens, [from, to]) {
  return splitTopLevel(tokens, from, to).map(([a]) => tokens[a].text);
}

module.exports = { describeReturn, parameterNames };
