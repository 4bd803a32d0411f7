// Parses Mermaid diagrams with mermaid's own parser, under Node: mermaid sanitizes labels with
// DOMPurify, which needs a DOM, so jsdom provides one. Reads a JSON array of diagram texts on
// stdin and prints a JSON array of { ok, type?, error? }, one per diagram.
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");

let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
  try {
    const parsed = await mermaid.parse(text);
    results.push({ ok: true, type: parsed.diagramType });
  } catch (err) {
    results.push({ ok: false, error: String(err && err.message ? err.message : err) });
  }
}
process.stdout.write(JSON.stringify(results));
