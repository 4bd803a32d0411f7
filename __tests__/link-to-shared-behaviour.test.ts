import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PRELUDE } from "../lib/provisioning/scripts/prelude";

/** Runs the prelude's `link_to_shared` for real on a temp tree, with a pass-through `sudo`. */
function linkToShared(root: string, dir: string, target: string): number | null {
  const bin = path.join(root, "bin");
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, "sudo"), '#!/bin/sh\n[ "$1" = -n ] && shift; exec "$@"\n', { mode: 0o755 });
  const script = `set -euo pipefail\n${PRELUDE}\nlink_to_shared "$1" "$2"\n`;
  return spawnSync("bash", ["-c", script, "link", dir, target], {
    env: { PATH: `${bin}:${process.env.PATH}`, HOME: root },
  }).status;
}

describe("link_to_shared, run for real", () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), "stackato-link-"))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test("replaces the directory by a symlink, keeps its files, and never overwrites the shared copy", () => {
    const dir = path.join(root, "data");
    const shared = path.join(root, "mnt", "controller");
    fs.mkdirSync(dir);
    fs.mkdirSync(shared, { recursive: true });
    fs.writeFileSync(path.join(dir, "droplet-a"), "from this controller");
    fs.writeFileSync(path.join(dir, "droplet-b"), "only here");
    fs.writeFileSync(path.join(shared, "droplet-a"), "from the primary");

    expect(linkToShared(root, dir, shared)).toBe(0);
    expect(fs.readlinkSync(dir)).toBe(shared);
    expect(fs.readFileSync(path.join(shared, "droplet-a"), "utf8")).toBe("from the primary");
    expect(fs.readFileSync(path.join(shared, "droplet-b"), "utf8")).toBe("only here");
    expect(fs.readFileSync(path.join(`${dir}.pre-shared`, "droplet-a"), "utf8")).toBe("from this controller");
  });

  test("a second run changes nothing", () => {
    const dir = path.join(root, "data");
    const shared = path.join(root, "shared");
    fs.mkdirSync(dir);
    expect(linkToShared(root, dir, shared)).toBe(0);
    const before = fs.readdirSync(root).sort();
    expect(linkToShared(root, dir, shared)).toBe(0);
    expect(fs.readdirSync(root).sort()).toEqual(before);
    expect(fs.readlinkSync(dir)).toBe(shared);
  });

  test("creates the link when the directory does not exist yet", () => {
    const dir = path.join(root, "var", "tmp", "staged_droplet_uploads");
    expect(linkToShared(root, dir, path.join(root, "shared", "staged_droplet_uploads"))).toBe(0);
    expect(fs.readlinkSync(dir)).toBe(path.join(root, "shared", "staged_droplet_uploads"));
  });
});
