import * as fs from "fs";
import * as path from "path";
import { importCycles, importsOf as importsWithin, sourceFiles } from "../support/import-graph";

const LIB = path.resolve(__dirname, "../../lib");
const importsOf = (file: string) => importsWithin(file, LIB);

describe("lib/ structure", () => {
  const files = sourceFiles(LIB);

  test("no import cycles, counting import type", () => {
    const cycles = importCycles(files, LIB);
    expect(cycles).toEqual([]);
  });

  test("the cycle check sees a cycle when there is one", () => {
    const dir = fs.mkdtempSync(path.join(LIB, ".cycle-probe-"));
    try {
      fs.writeFileSync(path.join(dir, "a.ts"), 'import type { B } from "./b";\nexport type A = B;\n');
      fs.writeFileSync(path.join(dir, "b.ts"), 'import { A } from "./a";\nexport type B = A;\n');
      expect(importsOf(path.join(dir, "a.ts"))).toEqual([path.join(dir, "b.ts")]);
      expect(importsOf(path.join(dir, "b.ts"))).toEqual([path.join(dir, "a.ts")]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("no construct in lib/ registers an Aspect", () => {
    const offenders = files
      .filter((f) => /Aspects\.of\(/.test(fs.readFileSync(f, "utf8")))
      .map((f) => path.relative(LIB, f));
    expect(offenders).toEqual([]);
  });
});
