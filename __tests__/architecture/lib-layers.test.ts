/**
 * lib/'s folders are layers: each imports only from the folders below it, so data flows one way and
 * a folder can be read knowing only what is under it.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { layerViolations, sourceFiles } from "../support/import-graph";

const LIB = path.resolve(__dirname, "../../lib");

/** Bottom first. index.ts and openstack.ts, directly in lib/, are the top. */
const LAYERS = [
  "base", // text: Terraform templates, shell words; validation rules; the node-kind vocabulary
  "private", // construct helpers: outputs, the null provider, preconditions, late values
  "network",
  "compute",
  "provisioning", // steps, scripts and ssh
  "storage",
  "state",
  // The micro cloud and the cluster are siblings; the cluster imports nothing of the micro cloud, so
  // this order only keeps the micro cloud from reaching into the cluster.
  "micro-cloud",
  "cluster",
] as const;

test("each folder of lib/ imports only from the layers below it", () => {
  expect(layerViolations(sourceFiles(LIB), LIB, LAYERS)).toEqual([]);
});

test("every folder of lib/ is in a layer", () => {
  const folders = fs
    .readdirSync(LIB, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  expect(folders).toEqual([...LAYERS].sort());
});

test("the layer check sees an import that goes up, and one between siblings' files in one folder is fine", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "layers-"));
  try {
    for (const dir of ["low", "high"]) fs.mkdirSync(path.join(root, dir));
    fs.writeFileSync(path.join(root, "low", "a.ts"), 'import { B } from "../high/b";\nexport const A = B;\n');
    fs.writeFileSync(path.join(root, "low", "c.ts"), 'import { A } from "./a";\nexport const C = A;\n');
    fs.writeFileSync(path.join(root, "high", "b.ts"), "export const B = 1;\n");
    const files = sourceFiles(root);
    expect(layerViolations(files, root, ["low", "high"])).toEqual([`low${path.sep}a.ts -> high${path.sep}b.ts`]);
    expect(layerViolations(files, root, ["high", "low"])).toEqual([]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
