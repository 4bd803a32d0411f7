// Just enough Go for reading provider schemas: a tokenizer and helpers for the composite literals
// and calls that schema code is made of. It is not a Go parser; callers report "unresolved" whenever
// the code leaves the shapes these helpers understand.
"use strict";

const PUNCTUATION = ["...", "&&", "||", "==", "!=", "<=", ">=", ":=", "<-", "++", "--", "+=", "-=", "<<", ">>"];

/**
 * Tokens of a Go file. Comments are not tokens: each token carries the comments right before it
 * (`comments`), because a provider's comment next to a CustomizeDiff rule is the best "why" we have.
 */
function tokenize(source) {
  const tokens = [];
  let comments = [];
  let i = 0;
  const push = (kind, text) => {
    tokens.push({ kind, text, comments });
    comments = [];
  };
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
    } else if (source.startsWith("//", i)) {
      const end = source.indexOf("\n", i);
      const stop = end < 0 ? source.length : end;
      comments.push(source.slice(i + 2, stop).trim());
      i = stop;
    } else if (source.startsWith("/*", i)) {
      const end = source.indexOf("*/", i + 2);
      comments.push(source.slice(i + 2, end).trim());
      i = end + 2;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (source[j] !== c) j += source[j] === "\\" ? 2 : 1;
      push(c === '"' ? "string" : "rune", source.slice(i, j + 1));
      i = j + 1;
    } else if (c === "`") {
      const end = source.indexOf("`", i + 1);
      push("string", source.slice(i, end + 1));
      i = end + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i, i + 200));
      push("ident", m[0]);
      i += m[0].length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9][0-9A-Za-z_.]*/.exec(source.slice(i, i + 100));
      push("number", m[0]);
      i += m[0].length;
    } else {
      const op = PUNCTUATION.find((p) => source.startsWith(p, i)) || c;
      push("punct", op);
      i += op.length;
    }
  }
  return tokens;
}

/** The Go value of a string literal token ("..." with escapes, or a raw `...` string). */
function stringValue(token) {
  if (token.text.startsWith("`")) return token.text.slice(1, -1);
  return JSON.parse(token.text);
}

const CLOSERS = { "(": ")", "[": "]", "{": "}" };

/** Index of the bracket that closes the one at `open`. */
function closing(tokens, open) {
  const stack = [];
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i].text;
    if (tokens[i].kind !== "punct") continue;
    if (CLOSERS[t]) stack.push(CLOSERS[t]);
    else if (t === stack[stack.length - 1] && stack.pop() && stack.length === 0) return i;
  }
  throw new Error(`unbalanced ${tokens[open].text}`);
}

/** Splits tokens [from, to) at top-level commas; trailing empty pieces (Go's trailing comma) are dropped. */
function splitTopLevel(tokens, from, to, separator = ",") {
  const pieces = [];
  let start = from;
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    if (t.kind === "punct" && CLOSERS[t.text]) i = closing(tokens, i);
    else if (t.kind === "punct" && t.text === separator) {
      pieces.push([start, i]);
      start = i + 1;
    }
  }
  if (start < to) pieces.push([start, to]);
  return pieces;
}

/** The source text of tokens [from, to), spaced well enough to quote in a report. */
function text(tokens, from, to) {
  return tokens
    .slice(from, to)
    .map((t) => t.text)
    .join(" ")
    .replace(/ ?([.()[\]]) ?/g, "$1")
    .replace(/,(?=\S)/g, ", ");
}

/** Does tokens[at...] spell `words` (e.g. ["&", "schema", ".", "Resource", "{"])? */
function spells(tokens, at, words) {
  return words.every((w, k) => tokens[at + k] && tokens[at + k].text === w);
}

/**
 * The elements of the composite literal whose `{` is at `open`: [{ key, keyToken, from, to }] where
 * [from, to) is the value; key is null for unkeyed elements. String keys are unquoted.
 */
function literalElements(tokens, open) {
  const close = closing(tokens, open);
  return splitTopLevel(tokens, open + 1, close).map(([from, to]) => {
    const colon = splitTopLevel(tokens, from, to, ":");
    if (colon.length < 2) return { key: null, keyToken: null, from, to };
    const keyToken = tokens[from];
    const key = keyToken.kind === "string" ? stringValue(keyToken) : keyToken.text;
    return { key, keyToken, from: colon[1][0], to };
  });
}

/** The `{` of a composite literal value such as `{...}`, `&schema.Schema{...}` or `map[string]T{...}`, or -1. */
function literalOpen(tokens, from, to) {
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    if (t.text === "{") return closing(tokens, i) === to - 1 ? i : -1;
    if (t.text === "(" || t.kind === "string" || t.kind === "number") return -1;
    if (t.text === "[") i = closing(tokens, i);
  }
  return -1;
}

/** A call `callee(args)` spanning exactly [from, to): { callee: "customdiff.All", args: [[from, to]...] } or null. */
function asCall(tokens, from, to) {
  let i = from;
  while (i + 2 < to && tokens[i].kind === "ident" && tokens[i + 1].text === ".") i += 2;
  if (tokens[i].kind !== "ident" || !tokens[i + 1] || tokens[i + 1].text !== "(") return null;
  if (closing(tokens, i + 1) !== to - 1) return null;
  return { callee: text(tokens, from, i + 1), args: splitTopLevel(tokens, i + 2, to - 1) };
}

/**
 * Top-level function declarations of a package: name (or "Type.Method" for methods) -> { file,
 * tokens, params: [from, to) inside the parentheses, body: [from, to) inside the braces }.
 */
function functionDeclarations(files) {
  const found = new Map();
  for (const [file, source] of files) {
    const tokens = tokenize(source);
    for (let i = 0; i < tokens.length; i++) {
      // Only declarations at depth 0: skip over every bracketed group that is not a func.
      if (tokens[i].kind === "punct" && CLOSERS[tokens[i].text]) {
        i = closing(tokens, i);
        continue;
      }
      if (tokens[i].text !== "func") continue;
      let at = i + 1;
      let receiver = "";
      if (tokens[at].text === "(") {
        const end = closing(tokens, at);
        receiver = tokens[end - 1].text + ".";
        at = end + 1;
      }
      if (tokens[at].kind !== "ident" || tokens[at + 1].text !== "(") continue;
      const paramsEnd = closing(tokens, at + 1);
      let open = paramsEnd + 1;
      while (open < tokens.length && tokens[open].text !== "{") {
        if (CLOSERS[tokens[open].text]) open = closing(tokens, open);
        open++;
      }
      const close = closing(tokens, open);
      found.set(receiver + tokens[at].text, { file, tokens, params: [at + 2, paramsEnd], body: [open + 1, close] });
      i = close;
    }
  }
  return found;
}

module.exports = {
  tokenize,
  stringValue,
  closing,
  splitTopLevel,
  text,
  spells,
  literalElements,
  literalOpen,
  asCall,
  functionDeclarations,
};
