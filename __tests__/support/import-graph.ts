/** The relative-import graph of a source folder, for the architecture tests. */
import * as fs from "fs";
import * as path from "path";
import { builtinModules } from "module";

export function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Relative imports of a file, `import type` and `export ... from` included, resolved to files under `within`. */
export function importsOf(file: string, within: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?["'](\.[^"']+)["']/g)].map(
    (m) => m[1],
  );
  return specs.flatMap((spec) => {
    const base = path.resolve(path.dirname(file), spec);
    const found = [`${base}.ts`, path.join(base, "index.ts")].find((candidate) => fs.existsSync(candidate));
    return found && found.startsWith(within) ? [found] : [];
  });
}

/** Every import cycle among `files`, as "a.ts -> b.ts -> a.ts" relative to `root`. */
export function importCycles(files: string[], root: string): string[] {
  const graph = new Map(files.map((f) => [f, importsOf(f, root)]));
  const cycles: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (file: string, trail: string[]) => {
    if (state.get(file) === "done") return;
    if (state.get(file) === "visiting") {
      cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(root, f)).join(" -> "));
      return;
    }
    state.set(file, "visiting");
    for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
    state.set(file, "done");
  };
  for (const file of files) visit(file, []);
  return cycles;
}

/**
 * Imports that go up or sideways among `layers` (folders of `root`, bottom first; a file directly in
 * `root` is the top): a folder may import only from folders below it. As "from -> to" file pairs.
 */
export function layerViolations(files: string[], root: string, layers: readonly string[]): string[] {
  const folderOf = (file: string) => {
    const parts = path.relative(root, file).split(path.sep);
    return parts.length > 1 ? parts[0] : ".";
  };
  const levelOf = (folder: string) => {
    const level = folder === "." ? layers.length : layers.indexOf(folder);
    if (level < 0) throw new Error(`folder ${folder} is in no layer; add it to the layer list`);
    return level;
  };
  return files.flatMap((file) =>
    importsOf(file, root)
      .filter((target) => folderOf(target) !== folderOf(file) && levelOf(folderOf(target)) >= levelOf(folderOf(file)))
      .map((target) => `${path.relative(root, file)} -> ${path.relative(root, target)}`),
  );
}

/**
 * Every module specifier of a file: static imports and `export ... from` (type-only too), `require()`
 * and dynamic `import()`, relative or bare, as written.
 */
export function specifiersOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const patterns = [
    /(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?["']([^"']+)["']/g,
    /\brequire\(\s*["']([^"']+)["']\s*\)/g,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1]));
}

/** The npm package a bare specifier names ("@scope/name/sub" -> "@scope/name"); undefined for relative ones and node builtins. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("node:")) return undefined;
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
  return builtinModules.includes(name) ? undefined : name;
}

/**
 * Relative imports that cross from one package of a workspace to another. `packages` maps each
 * package's name to its root folder; a root may hold others (the library is the repository root,
 * with the workspaces under packages/): a file belongs to the deepest root it is under. As
 * "from -> to (name)" pairs relative to `repo`: such an import must use the package's name instead.
 */
export function crossPackageImports(files: string[], packages: Record<string, string>, repo: string): string[] {
  const roots = Object.entries(packages).sort(([, a], [, b]) => b.length - a.length);
  const ownerOf = (file: string) =>
    roots.find(([, root]) => file === root || file.startsWith(root + path.sep))?.[0] ?? "(outside every package)";
  return files.flatMap((file) =>
    specifiersOf(file)
      .filter((spec) => spec.startsWith("."))
      .map((spec) => path.resolve(path.dirname(file), spec))
      .filter((target) => ownerOf(target) !== ownerOf(file))
      .map((target) => `${path.relative(repo, file)} -> ${path.relative(repo, target)} (${ownerOf(target)})`),
  );
}
