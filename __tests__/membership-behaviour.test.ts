import { spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { ShellScript, leaveLoadBalancerScript, removeNodeScript } from "../lib/provisioning/scripts";
import { PRELUDE } from "../lib/provisioning/scripts/prelude";
import { stepBody } from "../lib/provisioning/scripts/step-body";

/**
 * Runs the real removal and load-balancer scripts against a recording `kato` that keeps a node list
 * ("<ip> <roles>" lines, as `kato node list` prints them) and a load balancer pool. `mode` makes the
 * next `node remove` fail half-way, or exit 0 without doing anything (kato before 3.4.1).
 */
class FakeCore {
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), "stackato-members-"));
  readonly home = path.join(this.root, "home");
  private readonly bin = path.join(this.root, "bin");
  readonly state = path.join(this.root, "kato-state");

  constructor(nodes: string[]) {
    for (const dir of [this.home, this.bin, this.state]) fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(this.state, "nodes"), nodes.map((n) => `${n}\n`).join(""));
    const kato = `#!/bin/bash
S="${this.state}"
echo "$*" >> "$S/calls"
mode="$(cat "$S/mode" 2>/dev/null || true)"
case "$1 $2" in
  "process ready") ;;
  "node list") cat "$S/nodes" ;;
  "node retire") [ "$3" = -n ] || exit 2; sed -i "s/^$4 \\(.*\\) dea\\b/$4 \\1/; s/^$4 dea\\b/$4/" "$S/nodes" ;;
  "node remove")
    [ "$mode" = silent-failure ] && { rm -f "$S/mode"; echo "remove failed (exit 0, as kato < 3.4.1)"; exit 0; }
    [ "$mode" = fail-once ] && { rm -f "$S/mode"; echo "remove failed half-way" >&2; exit 1; }
    ip="\${@: -1}"; grep -v "^$ip " "$S/nodes" > "$S/nodes.new"; mv "$S/nodes.new" "$S/nodes" ;;
  "node setup") shift 3; echo "$*" > "$S/pool" ;;
  *) echo "fake kato: unexpected $*" >&2; exit 2 ;;
esac
`;
    fs.writeFileSync(path.join(this.bin, "kato"), kato, { mode: 0o755 });
  }

  run(script: ShellScript): { status: number | null; output: string } {
    const text = script.render().replace("KATO=/home/stackato/bin/kato", `KATO=${path.join(this.bin, "kato")}`);
    const result = spawnSync("bash", ["-c", text], {
      encoding: "utf8",
      env: { PATH: `${this.bin}:${process.env.PATH}`, HOME: this.home },
    });
    return { status: result.status, output: result.stdout + result.stderr };
  }

  set mode(mode: string) {
    fs.writeFileSync(path.join(this.state, "mode"), mode);
  }

  /** kato calls other than the readiness wait. */
  calls(): string[] {
    const file = path.join(this.state, "calls");
    const all = fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim().split("\n") : [];
    return all.filter((c) => !c.startsWith("process ready") && c !== "node list");
  }

  nodes(): string[] {
    return fs.readFileSync(path.join(this.state, "nodes"), "utf8").trim().split("\n").filter(Boolean);
  }

  cleanup(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** A port that answers (a listening socket: the kernel completes the handshake) and one that does not. */
let open: net.Server;
let openPort: string;
let closedPort: string;

beforeAll(async () => {
  open = net.createServer();
  await new Promise<void>((resolve) => open.listen(0, "127.0.0.1", resolve));
  openPort = String((open.address() as net.AddressInfo).port);
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  closedPort = String((closed.address() as net.AddressInfo).port);
  await new Promise((resolve) => closed.close(resolve));
});
afterAll(() => open.close());

const DEA = "127.0.0.1";
const remove = (retire: "yes" | "no", port: string) =>
  removeNodeScript({ nodeIp: DEA, nodeName: "stackato-dea-2", retire, probePort: port });

describe("removing a node on the core (issue 16, item 1)", () => {
  let core: FakeCore;
  afterEach(() => core.cleanup());

  test("a DEA is retired while another DEA is up, then removed; a second run changes nothing", () => {
    core = new FakeCore(["127.0.0.9 base primary controller router", "127.0.0.5 base dea", `${DEA} base dea`]);
    const first = core.run(remove("yes", openPort));
    expect(first.status).toBe(0);
    expect(core.calls()).toEqual([`node retire -n ${DEA}`, `node remove ${DEA}`]);
    expect(core.nodes()).toEqual(["127.0.0.9 base primary controller router", "127.0.0.5 base dea"]);
    const second = core.run(remove("yes", openPort));
    expect(second.status).toBe(0);
    expect(second.output).toContain("is not in the cluster's node list: nothing to remove");
    expect(core.calls()).toHaveLength(2);
  });

  test("an interrupted removal is finished by the next run, without retiring twice", () => {
    core = new FakeCore(["127.0.0.5 base dea", `${DEA} base dea`]);
    core.mode = "fail-once";
    expect(core.run(remove("yes", openPort)).status).not.toBe(0);
    expect(core.nodes()).toContain(`${DEA} base`);
    expect(core.run(remove("yes", openPort)).status).toBe(0);
    expect(core.calls()).toEqual([`node retire -n ${DEA}`, `node remove ${DEA}`, `node remove ${DEA}`]);
    expect(core.nodes()).toEqual(["127.0.0.5 base dea"]);
  });

  test("a node that does not answer is removed with --skip-detach, and the log says why; it is not retired", () => {
    core = new FakeCore(["127.0.0.5 base dea", `${DEA} base dea`]);
    const run = core.run(remove("yes", closedPort));
    expect(run.status).toBe(0);
    expect(core.calls()).toEqual([`node remove --skip-detach ${DEA}`]);
    expect(run.output).toContain(`does not answer on port ${closedPort}: removing it with --skip-detach`);
  });

  test("the last DEA is not retired (nowhere to move its apps), and the log says so; other kinds are never retired", () => {
    core = new FakeCore(["127.0.0.9 base primary controller router", `${DEA} base dea`]);
    const run = core.run(remove("yes", openPort));
    expect(run.status).toBe(0);
    expect(run.output).toContain("is the last DEA: not retired");
    expect(core.calls()).toEqual([`node remove ${DEA}`]);
    core.cleanup();
    core = new FakeCore(["127.0.0.5 base dea", `${DEA} base controller`]);
    expect(core.run(remove("no", openPort)).status).toBe(0);
    expect(core.calls()).toEqual([`node remove ${DEA}`]);
  });

  test("kato < 3.4.1 exiting 0 on a failed removal fails the step, so the next apply runs it again", () => {
    core = new FakeCore([`${DEA} base controller`]);
    core.mode = "silent-failure";
    const run = core.run(remove("no", openPort));
    expect(run.status).not.toBe(0);
    expect(run.output).toContain("is still in the cluster's node list after kato node remove");
  });
});

describe("the load balancer's pool (issue 16, item 2)", () => {
  let lb: FakeCore;
  afterEach(() => lb.cleanup());
  const pool = (routerIps: string) =>
    new ShellScript("pool", [["ROUTER_IPS", routerIps]], `${PRELUDE}\n${stepBody("_lb-pool.sh")}`);
  const leave = (ip: string) => leaveLoadBalancerScript({ nodeIp: ip, nodeName: "stackato-router-2" });

  test("is set up for exactly the routers given, again only when the list changes", () => {
    lb = new FakeCore([]);
    expect(lb.run(pool("10.0.0.7 10.0.0.8")).status).toBe(0);
    expect(lb.run(pool("10.0.0.7 10.0.0.8")).status).toBe(0);
    expect(lb.run(pool("10.0.0.7 10.0.0.8 10.0.0.6")).status).toBe(0);
    expect(lb.calls()).toEqual([
      "node setup load_balancer 10.0.0.7 10.0.0.8 --force",
      "node setup load_balancer 10.0.0.7 10.0.0.8 10.0.0.6 --force",
    ]);
  });

  test("a router that leaves is taken out; one not in the pool changes nothing; the last one is kept", () => {
    lb = new FakeCore([]);
    lb.run(pool("10.0.0.7 10.0.0.8 10.0.0.6"));
    expect(lb.run(leave("10.0.0.8")).status).toBe(0);
    const again = lb.run(leave("10.0.0.8"));
    expect(again.output).toContain("is not in the load balancer's pool: nothing to change");
    lb.run(leave("10.0.0.6"));
    const last = lb.run(leave("10.0.0.7"));
    expect(last.status).toBe(0);
    expect(last.output).toContain("is the load balancer's last router: kept");
    expect(lb.calls()).toEqual([
      "node setup load_balancer 10.0.0.7 10.0.0.8 10.0.0.6 --force",
      "node setup load_balancer 10.0.0.7 10.0.0.6 --force",
      "node setup load_balancer 10.0.0.7 --force",
    ]);
    // The setup that follows a removal sees the recorded pool and changes nothing.
    expect(lb.run(pool("10.0.0.7")).status).toBe(0);
    expect(lb.calls()).toHaveLength(3);
  });

  test("a load balancer that never recorded a pool (set up by an earlier release) changes nothing when a router leaves", () => {
    lb = new FakeCore([]);
    const run = lb.run(leave("10.0.0.8"));
    expect(run.status).toBe(0);
    expect(lb.calls()).toEqual([]);
  });
});
