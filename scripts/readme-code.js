// The code blocks of the READMEs, for the tests that run them: found by a marker line, and the
// TypeScript ones compiled to scripts that use this checkout's build for the package's imports.
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");

/** The fenced code blocks of a markdown file in one language. */
function codeBlocks(file, lang) {
  const text = fs.readFileSync(file, "utf8");
  const re = new RegExp("^```" + lang + "\\n([\\s\\S]*?)^```", "gm");
  return [...text.matchAll(re)].map((m) => m[1]);
}

function findBlock(file, lang, marker) {
  const block = codeBlocks(file, lang).find((b) => b.includes(marker));
  if (!block) throw new Error(`${path.relative(ROOT, file)} has no \`\`\`${lang} block with ${marker}`);
  return block;
}

function indent(code, spaces) {
  return code.replace(/^(?=.)/gm, " ".repeat(spaces));
}

/** A README's TypeScript as a node script that uses this checkout's build for the package's imports. */
function compileReadmeTs(source, file) {
  const ts = require(require.resolve("typescript", { paths: [ROOT] }));
  const resolve = (name) => JSON.stringify(require.resolve(name, { paths: [ROOT] }));
  const local = source
    .replace(/from "(cdktf|constructs)"/g, (_, name) => `from ${resolve(name)}`)
    .replace(/"cdktf-stackato-openstack\/openstack"/g, JSON.stringify(path.join(ROOT, "dist", "lib", "openstack.js")))
    .replace(/"cdktf-stackato-openstack"/g, JSON.stringify(path.join(ROOT, "dist", "lib", "index.js")));
  const js = ts.transpileModule(local, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
  }).outputText;
  fs.writeFileSync(file, js);
  return file;
}

module.exports = { codeBlocks, findBlock, indent, compileReadmeTs };
