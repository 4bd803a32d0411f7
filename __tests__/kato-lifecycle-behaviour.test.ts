import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { controllerSharedDropletsScript, relocateScript } from "../lib/provisioning/scripts";

/**
 * Runs the real relocate and controller scripts in a temporary tree, with a recording `kato` whose
 * behaviour the test chooses: it can fail once in the middle of a call, or, like kato before 3.4.1,
 * exit 0 without doing anything. `sudo` runs the command as the test user, and `mountpoint` trusts
 * a list of directories.
 */
class FakeVm {
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), "stackato-kato-"));
  readonly home = path.join(this.root, "home");
  readonly volume = path.join(this.root, "mnt", "add-volume");
  readonly store = path.join(this.root, "var", "stackato", "services");
  private readonly bin = path.join(this.root, "bin");
  readonly state = path.join(this.root, "kato-state");

  constructor() {
    for (const dir of [this.home, this.volume, this.store, this.bin, this.state])
      fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(this.store, "image-service.txt"), "came with the image\n");
    fs.writeFileSync(path.join(this.state, "mounted"), `${this.volume}\n`);
    const kato = `#!/bin/bash
S="${this.state}"
echo "$*" >> "$S/calls"
mode="$(cat "$S/mode" 2>/dev/null || true)"
case "$1" in
  process) [ ! -s "$S/stopped" ] || { echo "kato: roles stopped: $(cat "$S/stopped")" >&2; exit 1; } ;;
  stop) echo "\${2:-all}" >> "$S/stopped" ;;
  start) rm -f "$S/stopped" ;;
  relocate)
    [ "$mode" = silent-failure ] && { echo "relocate failed (but exit 0, as kato < 3.4.1)"; exit 0; }
    [ "$mode" = fail-once ] && { rm -f "$S/mode"; echo "relocate failed half-way" >&2; exit 1; }
    cp -a "$STORE/." "$3/" && rm -rf "$STORE" && ln -s "$3" "$STORE" ;;
esac
`;
    fs.writeFileSync(path.join(this.bin, "kato"), kato, { mode: 0o755 });
    fs.writeFileSync(path.join(this.bin, "sudo"), '#!/bin/sh\n[ "$1" = -n ] && shift\nexec "$@"\n', { mode: 0o755 });
    fs.writeFileSync(path.join(this.bin, "chown"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
    fs.writeFileSync(path.join(this.bin, "mountpoint"), `#!/bin/sh\ngrep -qxF "$2" "${this.state}/mounted"\n`, {
      mode: 0o755,
    });
  }

  run(script: string): { status: number | null; output: string } {
    // The scripts call kato at its path on the VM; point that at the fake one.
    const text = script.replace("KATO=/home/stackato/bin/kato", `KATO=${path.join(this.bin, "kato")}`);
    const result = spawnSync("bash", ["-c", text], {
      encoding: "utf8",
      env: { PATH: `${this.bin}:${process.env.PATH}`, HOME: this.home, STORE: this.store },
    });
    return { status: result.status, output: result.stdout + result.stderr };
  }

  relocate(): { status: number | null; output: string } {
    return this.run(
      relocateScript({
        what: "services",
        volume: this.volume,
        target: path.join(this.volume, "stackato-services"),
        store: this.store,
      }).render(),
    );
  }

  calls(): string[] {
    const file = path.join(this.state, "calls");
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim().split("\n") : [];
  }

  stopped(): string {
    const file = path.join(this.state, "stopped");
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : "";
  }

  cleanup(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

describe("kato stops and starts around a relocation", () => {
  let vm: FakeVm;
  beforeEach(() => (vm = new FakeVm()));
  afterEach(() => vm.cleanup());

  test("relocates once, starts what it stopped, and a second run calls no stop (defect 2)", () => {
    expect(vm.relocate().status).toBe(0);
    expect(vm.calls()).toEqual([
      "process ready --block 900 all",
      "stop",
      `relocate services ${path.join(vm.volume, "stackato-services")}`,
      "start",
    ]);
    expect(vm.stopped()).toBe("");
    expect(fs.readlinkSync(vm.store)).toBe(path.join(vm.volume, "stackato-services"));
    expect(vm.relocate().status).toBe(0);
    expect(vm.calls().filter((c) => c === "stop")).toHaveLength(1);
  });

  test("a relocation that fails half-way leaves kato started, and the next run recovers (defect 2)", () => {
    fs.writeFileSync(path.join(vm.state, "mode"), "fail-once");
    const first = vm.relocate();
    expect(first.status).not.toBe(0);
    expect(vm.stopped()).toBe("");
    expect(vm.calls().slice(-1)).toEqual(["start"]);
    const second = vm.relocate();
    expect(second.status).toBe(0);
    expect(fs.readlinkSync(vm.store)).toBe(path.join(vm.volume, "stackato-services"));
  });

  test("a run cut off while kato was stopped is recovered first: the next run starts it before waiting for readiness (defect 2)", () => {
    fs.mkdirSync(path.join(vm.home, ".stackato-terraform"), { recursive: true });
    fs.writeFileSync(path.join(vm.home, ".stackato-terraform", "stopped-by-terraform"), "all\n");
    fs.writeFileSync(path.join(vm.state, "stopped"), "all\n");
    expect(vm.relocate().status).toBe(0);
    expect(vm.calls().slice(0, 2)).toEqual(["start", "process ready --block 900 all"]);
  });

  test("kato < 3.4.1 exiting 0 without relocating is caught, and nothing is recorded as done (defect 11)", () => {
    fs.writeFileSync(path.join(vm.state, "mode"), "silent-failure");
    const result = vm.relocate();
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("kato relocate services reported success, but");
    expect(fs.existsSync(path.join(vm.volume, "stackato-services", ".stackato-relocated"))).toBe(false);
    expect(vm.stopped()).toBe("");
  });

  test("a replaced node finds the volume's data and adopts it instead of relocating over it (defect 10b)", () => {
    expect(vm.relocate().status).toBe(0);
    fs.writeFileSync(path.join(vm.volume, "stackato-services", "db.txt"), "the cluster's data\n");
    // The node is replaced: a fresh store from the image, no markers in its home, the same volume.
    fs.rmSync(vm.store);
    fs.mkdirSync(vm.store);
    fs.writeFileSync(path.join(vm.store, "db.txt"), "an empty database from the image\n");
    fs.rmSync(path.join(vm.home, ".stackato-terraform"), { recursive: true });
    fs.rmSync(path.join(vm.state, "calls"));
    const result = vm.relocate();
    expect(result.status).toBe(0);
    expect(result.output).toContain("adopting");
    expect(vm.calls().some((c) => c.startsWith("relocate"))).toBe(false);
    expect(fs.readFileSync(path.join(vm.store, "db.txt"), "utf8")).toBe("the cluster's data\n");
    expect(vm.stopped()).toBe("");
  });
});

describe("the Controller's share", () => {
  test("trusts the Primary's host key although OpenSSH 5.9's ssh-keygen -F exits 0 when the host is unknown (defect 1)", () => {
    const vm = new FakeVm();
    try {
      const bin = path.join(vm.root, "bin");
      // ssh-keygen -F as in OpenSSH 5.9: prints matches, exits 0 either way (do_known_hosts ends in exit(0)).
      fs.writeFileSync(path.join(bin, "ssh-keygen"), '#!/bin/sh\ngrep -F "host-of-$2" "$4" || true\nexit 0\n', {
        mode: 0o755,
      });
      fs.writeFileSync(
        path.join(bin, "ssh-keyscan"),
        `#!/bin/sh\necho "|1|hashed host-of-$2 ssh-rsa AAAAB3NzaC1yc2E"\n`,
        { mode: 0o755 },
      );
      // Stop right after the host key step: the rest needs a real fuse mount.
      fs.writeFileSync(path.join(bin, "getent"), "#!/bin/sh\necho stop-here >&2; exit 42\n", { mode: 0o755 });
      fs.mkdirSync(path.join(vm.home, ".ssh"), { recursive: true });
      const script = controllerSharedDropletsScript({
        primaryIp: "127.0.0.9",
        remoteDir: "/mnt/add-volume/stackato-shared",
        mountPoint: "/mnt/controller",
        shareStagedUploads: true,
      })
        .render()
        .replace(
          "KEY_PATH='/home/stackato/.ssh/stackato_cluster_key'",
          `KEY_PATH='${path.join(vm.home, ".ssh", "key")}'`,
        )
        .replace(/grep -qx "user_allow_other" \/etc\/fuse.conf.*\n/, "");
      fs.writeFileSync(path.join(vm.home, ".ssh", "key"), "not a real key\n");
      const result = vm.run(script);
      expect(result.output).toContain("stop-here");
      expect(fs.readFileSync(path.join(vm.home, ".ssh", "known_hosts"), "utf8")).toContain("host-of-127.0.0.9");
    } finally {
      vm.cleanup();
    }
  });
});

describe("every script that stops kato", () => {
  test("stops only through stop_kato and starts again with start_stopped_kato (defect 2: the Controller's step never started its role again)", () => {
    const scripts = [
      relocateScript({
        what: "droplets",
        volume: "/mnt/add-volume",
        target: "/mnt/add-volume/stackato-shared/droplets",
      }),
      controllerSharedDropletsScript({
        primaryIp: "127.0.0.9",
        remoteDir: "/r",
        mountPoint: "/mnt/controller",
        shareStagedUploads: true,
      }),
    ];
    for (const script of scripts) {
      // The step's own commands, after the shared prelude (which defines stop_kato itself).
      const body = script.body.slice(script.body.indexOf("\nrequire_sudo\n"));
      expect(body).not.toMatch(/"\$KATO" stop/);
      expect(body.lastIndexOf("start_stopped_kato")).toBeGreaterThan(body.lastIndexOf("stop_kato "));
    }
  });
});
