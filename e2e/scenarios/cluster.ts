/**
 * Scenarios 1-4 and 6: the cluster example applies, and afterwards each host is what the cluster
 * guide says it should be.
 */
import { Context, Expectations, Scenario } from "../lib/scenario";
import { hostNamed, hostNames, onHost } from "../lib/sim";
import { errorSummary, terraform } from "../lib/tf";
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
    expect.done();
  },
};

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
