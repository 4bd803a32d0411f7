/**
 * Scenarios 1-4 and 6: the cluster example applies, and afterwards each host is what the cluster
 * guide says it should be.
 */
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as path from "path";
import { Context, Expectations, Scenario } from "../lib/scenario";
import { hostNamed, hostNames, katoCalls, katoState, onHost } from "../lib/sim";
import { errorSummary, LICENSE_KEY, terraform } from "../lib/tf";
import { checkKatoOrder } from "./kato-order";
import { checkMounts } from "./mounts";

export const CLUSTER_HOSTS = [
  "stackato-controller-1",
  "stackato-controller-2",
  "stackato-core",
  "stackato-data-1",
  "stackato-dea-1",
  "stackato-dea-2",
  "stackato-lb",
  "stackato-router-1",
  "stackato-router-2",
];

export async function applyCluster(
  ctx: Context,
  dir: string,
  extra: string[] = [],
): Promise<{ ok: boolean; output: string }> {
  const run = await terraform(ctx.simDir, ctx.tfEnv, dir, ["apply", "-auto-approve", ...extra]);
  const ok = run.code === 0 && !run.timedOut;
  return { ok, output: run.timedOut ? `timed out\n${run.output}` : run.output };
}

const applies: Scenario = {
  id: 1,
  title: "the cluster example applies (real terraform, every provisioner over ssh)",
  async run(ctx) {
    const result = await applyCluster(ctx, ctx.stacks.cluster);
    ctx.notes.clusterApplied = result.ok;
    const expect = new Expectations();
    expect.that(result.ok, `terraform apply failed:\n${errorSummary(result.output)}`);
    expect.equal(hostNames(ctx.simDir), CLUSTER_HOSTS, "hosts booted");
    expect.that(/Apply complete! Resources: \d+ added/.test(result.output), "no 'Apply complete' line");
    // The user data took effect the cloud-init 0.6 way on every host: sudo from bootcmd, and sshd
    // refusing passwords (the image's password is the public default "stackato").
    for (const name of hostNames(ctx.simDir)) {
      const host = hostNamed(ctx.simDir, name);
      const sudo = onHost(
        host,
        "stat -c %a /etc/sudoers.d/90-stackato-terraform && sudo -l -U stackato | grep -c NOPASSWD",
      );
      expect.equal(sudo.out.split("\n"), ["440", "1"], `${name}: sudoers file from bootcmd (mode, NOPASSWD rules)`);
      const sshd = onHost(host, "sshd -T | grep -i '^passwordauthentication '");
      expect.equal(sshd.out, "passwordauthentication no", `${name}: sshd password authentication`);
    }
    checkLicense(ctx, expect);
    expect.done();
  },
};

/**
 * The license key reached the core's kato once, on STDIN (`license set` with no value), and is in no
 * file of any host (its /tmp, logs, home: the 0700 file the step read is gone), nor in Terraform's
 * output, state or configuration: all of them hold a reference or a hash.
 */
function checkLicense(ctx: Context, expect: Expectations): void {
  const core = hostNamed(ctx.simDir, "stackato-core");
  const sets = katoCalls(core).filter((c) => c.args[0] === "license");
  expect.equal(
    sets.map((c) => [c.args, c.exit]),
    [[["license", "set"], 0]],
    "license calls on the core (the key on STDIN)",
  );
  expect.equal(
    katoState(core)?.licenseSha256,
    createHash("sha256").update(LICENSE_KEY).digest("hex"),
    "sha256 of the license the core's kato holds",
  );
  const firstAttach = Math.min(
    ...hostNames(ctx.simDir).flatMap((name) =>
      katoCalls(hostNamed(ctx.simDir, name))
        .filter((c) => c.args[0] === "node" && c.args[1] === "attach")
        .map((c) => c.start),
    ),
  );
  expect.that(
    sets.length > 0 && sets[0].end <= firstAttach,
    "the license was not set before the first node attached (cluster guide: add the license key before building the cluster)",
  );
  const places = [
    ...hostNames(ctx.simDir).flatMap((name) =>
      ["tmp", "var", "home", "root", "etc"].map((d) => path.join(hostNamed(ctx.simDir, name).dir, d)),
    ),
    path.join(ctx.simDir, "logs"),
    path.join(ctx.simDir, "deploy"),
  ];
  const grep = spawnSync("grep", ["-rlsF", "--devices=skip", "--", LICENSE_KEY, ...places], { encoding: "utf8" });
  expect.equal(grep.stdout.split("\n").filter(Boolean), [], "files holding the license key");
}

const katoOrder: Scenario = {
  id: 2,
  title: "each host's kato calls happen in the right order",
  async run(ctx) {
    checkKatoOrder(ctx.simDir, CLUSTER_HOSTS);
  },
};

const mounts: Scenario = {
  id: 3,
  title: "mounts and fstab entries are correct on each host",
  async run(ctx) {
    checkMounts(ctx.simDir);
  },
};

const DATA_DIR = "/home/stackato/stackato/data";

const sharedWrite: Scenario = {
  id: 4,
  title: "a file written on one Controller shows on the Primary's volume and on the other Controller",
  needsCluster: true,
  async run(ctx) {
    const expect = new Expectations();
    const token = `written-on-controller-1-${Date.now()}`;
    const write = onHost(
      hostNamed(ctx.simDir, "stackato-controller-1"),
      `echo ${token} > ${DATA_DIR}/e2e-shared.txt`,
      "stackato",
    );
    expect.equal(write.code, 0, `writing ${DATA_DIR}/e2e-shared.txt on controller-1 as stackato (${write.out})`);
    const core = hostNamed(ctx.simDir, "stackato-core");
    const onVolume = onHost(
      core,
      `findmnt -n -o TARGET --target "$(readlink -f ${DATA_DIR})/e2e-shared.txt" && cat "$(readlink -f ${DATA_DIR})/e2e-shared.txt" && stat -c %U "$(readlink -f ${DATA_DIR})/e2e-shared.txt"`,
    );
    expect.equal(
      onVolume.out.split("\n"),
      ["/mnt/add-volume", token, "stackato"],
      "on the Primary: mount holding the file, its content, its owner",
    );
    const other = onHost(hostNamed(ctx.simDir, "stackato-controller-2"), `cat ${DATA_DIR}/e2e-shared.txt`, "stackato");
    expect.equal(other.out, token, "read on controller-2");
    expect.done();
  },
};

const reboot: Scenario = {
  id: 6,
  title: "a Controller reboots and its share comes back from fstab",
  needsCluster: true,
  async run(ctx) {
    const expect = new Expectations();
    const controller = hostNamed(ctx.simDir, "stackato-controller-1");
    const down = onHost(controller, "umount /mnt/controller && ! mountpoint -q /mnt/controller");
    expect.equal(down.code, 0, `unmounting /mnt/controller (${down.out})`);
    const up = onHost(controller, "mount -a");
    expect.equal(up.code, 0, `mount -a after the reboot (${up.out})`);
    const mounted = onHost(controller, "findmnt -n -o FSTYPE /mnt/controller");
    expect.equal(mounted.out, "fuse.sshfs", "/mnt/controller after mount -a");
    const read = onHost(controller, `cat ${DATA_DIR}/e2e-shared.txt`, "stackato");
    expect.that(
      read.code === 0 && read.out.startsWith("written-on-controller-1-"),
      `the shared file through the remounted share: ${read.out}`,
    );
    expect.done();
  },
};

export const clusterScenarios: Scenario[] = [applies, katoOrder, mounts, sharedWrite, reboot];
