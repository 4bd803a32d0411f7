/**
 * `npm test` runs jest's unit project and `npm run test:all` both; every test file is in exactly one. Asks
 * jest itself (`--listTests`), so it is in the slow project: each jest start takes a second or two.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

function listTests(...args: string[]): string[] {
  const run = spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules", "jest", "bin", "jest.js"), "--listTests", ...args],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  expect(run.status).toBe(0);
  return run.stdout
    .split("\n")
    .filter((line) => line.endsWith(".test.ts"))
    .map((file) => path.relative(ROOT, file))
    .sort();
}

function testFilesOnDisk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFilesOnDisk(full);
    return entry.name.endsWith(".test.ts") ? [path.relative(ROOT, full)] : [];
  });
}

test("npm test selects the unit project, and test:all runs every project", () => {
  const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts;
  expect(scripts.test).toBe("CHECKPOINT_DISABLE=1 jest --selectProjects unit");
  expect(scripts["test:all"]).toBe("CHECKPOINT_DISABLE=1 jest");
});

test("the projects share out every test file: each in one project, none left out", () => {
  const all = listTests();
  const slow = listTests("--selectProjects", "slow");
  // A file both projects matched would be listed twice.
  expect(all.filter((file, i) => all.indexOf(file) !== i)).toEqual([]);
  // The library's __tests__/ and each workspace package's own (packages/<name>/__tests__).
  const packages = fs
    .readdirSync(path.join(ROOT, "packages"))
    .map((name) => path.join(ROOT, "packages", name, "__tests__"));
  expect(packages.length).toBe(2);
  expect(all).toEqual([path.join(ROOT, "__tests__"), ...packages].flatMap(testFilesOnDisk).sort());
  expect(all.filter((file) => file.startsWith("packages/")).length).toBeGreaterThan(5);
  expect(slow).toEqual(expect.arrayContaining(["__tests__/consumer/readme-path.test.ts", "__tests__/package.test.ts"]));
  expect(slow).toContain("__tests__/jest-projects.test.ts");
  expect(all.length - slow.length).toBeGreaterThan(30);
});
