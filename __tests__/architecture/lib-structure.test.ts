import * as fs from "fs";
import * as path from "path";

const LIB = path.resolve(__dirname, "../../lib");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Relative imports of a file, `import type` and `export ... from` included, resolved to files in lib/. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?["'](\.[^"']+)["']/g)].map(
    (m) => m[1],
  );
  return specs.flatMap((spec) => {
    const base = path.resolve(path.dirname(file), spec);
    const found = [`${base}.ts`, path.join(base, "index.ts")].find((candidate) => fs.existsSync(candidate));
    return found && found.startsWith(LIB) ? [found] : [];
  });
}

describe("lib/ structure", () => {
  const files = sourceFiles(LIB);

  test("no import cycles, counting import type", () => {
    const graph = new Map(files.map((f) => [f, importsOf(f)]));
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "visiting") {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(LIB, f)).join(" -> "));
        return;
      }
      state.set(file, "visiting");
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, "done");
    };
    for (const file of files) visit(file, []);
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

  test("no file in lib/ is over 300 lines", () => {
    const long = files
      .map((f) => [path.relative(LIB, f), fs.readFileSync(f, "utf8").split("\n").length] as const)
      .filter(([, lines]) => lines > 300);
    expect(long).toEqual([]);
  });

  test("no construct in lib/ registers an Aspect", () => {
    const offenders = files
      .filter((f) => /Aspects\.of\(/.test(fs.readFileSync(f, "utf8")))
      .map((f) => path.relative(LIB, f));
    expect(offenders).toEqual([]);
  });
});
