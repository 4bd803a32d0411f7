/** review/ (the CLI) reads synthesized JSON and drives the harness; nothing points back at it. */
import * as fs from "fs";
import * as path from "path";
import { importCycles, importsOf, sourceFiles } from "../support/import-graph";

const ROOT = path.resolve(__dirname, "../..");
const REVIEW = path.join(ROOT, "review");

test("review/ has no import cycles and no file over 300 lines", () => {
  const files = sourceFiles(REVIEW);
  expect(importCycles(files, REVIEW)).toEqual([]);
  const long = files.filter((f) => fs.readFileSync(f, "utf8").split("\n").length > 300).map((f) => path.basename(f));
  expect(long).toEqual([]);
});

test("data flows one way: review/ uses harness/ and only lib's script text helpers; lib/ and harness/ never import review/", () => {
  const review = sourceFiles(REVIEW)
    .flatMap((f) => importsOf(f, ROOT))
    .map((f) => path.relative(ROOT, f));
  // The report strips the shared prelude from step scripts, so it reads the same text the library writes;
  // it never needs a construct.
  expect([...new Set(review.filter((f) => f.startsWith("lib/")))].sort()).toEqual([
    "lib/base/terraform-text.ts",
    "lib/provisioning/scripts/prelude.ts",
  ]);
  expect(review.some((f) => f.startsWith("harness/"))).toBe(true);
  const backwards = [...sourceFiles(path.join(ROOT, "lib")), ...sourceFiles(path.join(ROOT, "harness"))]
    .filter((f) => importsOf(f, REVIEW).length > 0)
    .map((f) => path.relative(ROOT, f));
  expect(backwards).toEqual([]);
});
