/**
 * The repository is three npm packages, as npm workspaces: the construct library (the root, lib/), the
 * offline Terraform harness (packages/harness) and the review CLI (packages/review). Dependencies go one
 * way: the review uses the harness; the library uses neither (its tests use both, as devDependencies).
 * A package reaches another only by its package name, never by a relative path across package roots,
 * and declares every package it imports.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { crossPackageImports, importCycles, packageOf, sourceFiles, specifiersOf } from "../support/import-graph";

const ROOT = path.resolve(__dirname, "../..");
const LIBRARY = "cdktf-stackato-openstack";
const HARNESS = "cdktf-stackato-openstack-harness";
const REVIEW = "cdktf-stackato-openstack-review";
const PACKAGES: Record<string, string> = {
  [LIBRARY]: ROOT,
  [HARNESS]: path.join(ROOT, "packages", "harness"),
  [REVIEW]: path.join(ROOT, "packages", "review"),
};

/** .ts and .js files under `dir`, without build output, dependencies or (unless asked) tests. */
function codeFiles(dir: string, options: { tests?: boolean } = {}): string[] {
  const skip = new Set([
    "node_modules",
    "dist",
    "dist-jsii",
    "cdktf.out",
    ".gen",
    ...(options.tests ? [] : ["__tests__"]),
  ]);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return skip.has(entry.name) ? [] : codeFiles(full, options);
    return /\.(ts|js|mjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** The npm packages `files` import by name. */
function importedPackages(files: string[]): string[] {
  return [...new Set(files.flatMap(specifiersOf).flatMap((spec) => packageOf(spec) ?? []))].sort();
}

function manifest(name: string): Record<string, any> {
  return JSON.parse(fs.readFileSync(path.join(PACKAGES[name], "package.json"), "utf8"));
}

const declared = (name: string) =>
  Object.keys({ ...manifest(name).dependencies, ...manifest(name).peerDependencies }).sort();

describe("the three packages", () => {
  test("the workspaces are the harness and the review, each a package of its own name", () => {
    expect(manifest(LIBRARY).workspaces).toEqual(["packages/harness", "packages/review"]);
    expect(manifest(HARNESS).name).toBe(HARNESS);
    expect(manifest(REVIEW).name).toBe(REVIEW);
  });

  test.each([
    ["lib/", path.join(ROOT, "lib")],
    ["packages/harness/", PACKAGES[HARNESS]],
    ["packages/review/", PACKAGES[REVIEW]],
    ["e2e/", path.join(ROOT, "e2e")],
    ["integration/", path.join(ROOT, "integration")],
  ])("%s has no import cycles, counting import type", (_name, dir) => {
    const files = codeFiles(dir).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(3);
    expect(importCycles(files, dir)).toEqual([]);
  });

  test("no relative import crosses a package root, in sources, tests and tools alike", () => {
    const files = [
      ...codeFiles(PACKAGES[HARNESS], { tests: true }),
      ...codeFiles(PACKAGES[REVIEW], { tests: true }),
      ...["lib", "__tests__", "e2e", "integration", "bench", "scripts", "examples"].flatMap((dir) =>
        codeFiles(path.join(ROOT, dir), { tests: true }),
      ),
    ];
    expect(files.length).toBeGreaterThan(200);
    expect(crossPackageImports(files, PACKAGES, ROOT)).toEqual([]);
  });

  test("the library (lib/) uses neither the harness, nor the review, nor e2e: only its own files, .gen and its peers", () => {
    const lib = path.join(ROOT, "lib");
    const files = codeFiles(lib);
    const outside = files.flatMap((file) =>
      specifiersOf(file)
        .filter((spec) => spec.startsWith("."))
        .map((spec) => path.relative(ROOT, path.resolve(path.dirname(file), spec)))
        .filter((target) => !target.startsWith("lib/") && !target.startsWith(".gen/")),
    );
    expect(outside).toEqual([]);
    expect(importedPackages(files)).toEqual(declared(LIBRARY));
    expect(manifest(LIBRARY).dependencies ?? {}).toEqual({});
    expect(Object.keys(manifest(LIBRARY).devDependencies)).toEqual(expect.arrayContaining([HARNESS, REVIEW]));
  });

  test("the harness imports no other package of the repository, and declares the packages it uses", () => {
    const used = importedPackages(codeFiles(PACKAGES[HARNESS]));
    expect(used).not.toContain(REVIEW);
    expect(used).not.toContain(LIBRARY);
    expect(used.filter((name) => !declared(HARNESS).includes(name))).toEqual([]);
    expect(used).toEqual(expect.arrayContaining(["@grpc/grpc-js", "@grpc/proto-loader", "@msgpack/msgpack"]));
  });

  test("the review uses the harness by its name, not the library, and declares what it uses", () => {
    const used = importedPackages(codeFiles(PACKAGES[REVIEW]));
    expect(used).toEqual([HARNESS]);
    expect(declared(REVIEW)).toEqual([HARNESS]);
    expect(manifest(REVIEW).dependencies[HARNESS]).toBe(manifest(HARNESS).version);
  });

  test("no file of the review is over 300 lines", () => {
    const long = codeFiles(PACKAGES[REVIEW])
      .filter((f) => fs.readFileSync(f, "utf8").split("\n").length > 300)
      .map((f) => path.basename(f));
    expect(long).toEqual([]);
  });

  test("the boundary check sees a relative import across package roots, and none through a package name", () => {
    // A temporary workspace, never this repository: root package r with workspaces packages/a and packages/b.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "boundary-probe-"));
    try {
      const write = (file: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), text);
      };
      write("packages/a/y.ts", 'export { w } from "./w";\n');
      write("packages/a/w.ts", "export const w = 1;\n");
      write("packages/b/x.ts", 'import { w } from "../a/y";\nexport const x = w;\n');
      write("packages/b/z.ts", 'import { w } from "a";\nexport const z = require("a/y") + w;\n');
      write("lib/r.ts", 'export const r = import("../packages/a/w");\n');
      const packages = { r: root, a: path.join(root, "packages", "a"), b: path.join(root, "packages", "b") };
      const files = ["packages/a/y.ts", "packages/a/w.ts", "packages/b/x.ts", "packages/b/z.ts", "lib/r.ts"].map((f) =>
        path.join(root, f),
      );
      expect(crossPackageImports(files, packages, root)).toEqual([
        "packages/b/x.ts -> packages/a/y (a)",
        "lib/r.ts -> packages/a/w (a)",
      ]);
      expect(importedPackages([path.join(root, "packages/b/z.ts")])).toEqual(["a"]);
      // Through the package name instead, nothing is left to report.
      write("packages/b/x.ts", 'import { w } from "a";\nexport const x = w;\n');
      write("lib/r.ts", 'export const r = import("a");\n');
      expect(crossPackageImports(files, packages, root)).toEqual([]);
      // And a cycle inside a package is one the cycle check sees.
      write("packages/a/w.ts", 'import { y } from "./y";\nexport const w = y;\n');
      write("packages/a/y.ts", 'export { w } from "./w";\nexport const y = 1;\n');
      expect(importCycles(sourceFiles(packages.a), packages.a)).toEqual(["w.ts -> y.ts -> w.ts"]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test("packageOf names the package of a bare specifier and skips relative ones and node's own", () => {
    expect(packageOf("@grpc/grpc-js")).toBe("@grpc/grpc-js");
    expect(packageOf("cdktf-stackato-openstack-harness/jest")).toBe(HARNESS);
    expect(packageOf("./x")).toBeUndefined();
    expect(packageOf("fs")).toBeUndefined();
    expect(packageOf("node:fs")).toBeUndefined();
    expect(packageOf("child_process")).toBeUndefined();
  });
});
