import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { importCycles, sourceFiles } from "../support/import-graph";

const LIB = path.resolve(__dirname, "../../lib");

describe("lib/ structure", () => {
  const files = sourceFiles(LIB);

  test("no import cycles, counting import type", () => {
    const cycles = importCycles(files, LIB);
    expect(cycles).toEqual([]);
  });

  test("the cycle check sees a cycle when there is one, and none in a tree without", () => {
    // A temporary tree, never lib/: a -> b -> a through `import type`, and c -> a, which is no cycle itself.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "cycle-probe-"));
    try {
      fs.mkdirSync(path.join(root, "sub"));
      fs.writeFileSync(path.join(root, "a.ts"), 'import type { B } from "./sub/b";\nexport type A = B;\n');
      fs.writeFileSync(path.join(root, "sub", "b.ts"), 'import { A } from "../a";\nexport type B = A;\n');
      fs.writeFileSync(path.join(root, "c.ts"), 'export { A } from "./a";\n');
      expect(importCycles(sourceFiles(root), root)).toEqual(["a.ts -> sub/b.ts -> a.ts"]);
      // Without the edge back to a.ts there is no cycle left to report.
      fs.writeFileSync(path.join(root, "sub", "b.ts"), "export type B = string;\n");
      expect(importCycles(sourceFiles(root), root)).toEqual([]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test("no construct in lib/ registers an Aspect", () => {
    const offenders = files
      .filter((f) => /Aspects\.of\(/.test(fs.readFileSync(f, "utf8")))
      .map((f) => path.relative(LIB, f));
    expect(offenders).toEqual([]);
  });
});
