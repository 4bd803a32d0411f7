import { Testing, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { StackatoCluster, StackatoImage } from "../lib";
import { synthStack } from "./support/synth";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  ShellScript,
  attachScript,
  authorizeClusterKeyScript,
  clusterKeygenCommand,
  controllerSharedDropletsScript,
  coreSetupScript,
  mountVolumeScript,
  relocateScript,
} from "../lib/provisioning/scripts";
import { SCRIPTS } from "./support/script-registry";

function shellcheckAvailable(): boolean {
  return spawnSync("shellcheck", ["--version"]).status === 0;
}

describe("provisioning scripts", () => {
  const haveShellcheck = shellcheckAvailable();
  if (!haveShellcheck && process.env.CI === "true") {
    test("shellcheck is installed in CI", () => {
      throw new Error("shellcheck is not on PATH; .ci/run installs it with apt-get install shellcheck");
    });
  }
  if (!haveShellcheck)
    console.log("shellcheck not on PATH: skipping the shellcheck tests (apt-get install shellcheck)");
  const withShellcheck = haveShellcheck ? test.each : test.skip.each;

  withShellcheck(SCRIPTS.map((s) => [s.label, s.script] as const))("%s is clean under shellcheck", (_name, script) => {
    const result = spawnSync("shellcheck", ["--shell=bash", "--severity=style", "-"], {
      input: script.render(),
      encoding: "utf8",
    });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  test.each(SCRIPTS.map((s) => [s.label, s.script] as const))("%s parses as bash and is strict", (_name, script) => {
    const text = script.render();
    expect(text.startsWith("#!/bin/bash\nset -euo pipefail\n")).toBe(true);
    expect(() => execFileSync("bash", ["-n"], { input: text })).not.toThrow();
  });

  test("the volume script finds the device by id and formats only a blank device", () => {
    const text = mountVolumeScript({ deviceSerial: "SERIAL", mountPoint: "/mnt/add-volume", label: "x" }).render();
    expect(text).toContain("BY_ID_DIR='/dev/disk/by-id'");
    expect(text).toContain('"$BY_ID_DIR/virtio-$SERIAL"');
    expect(text).not.toMatch(/\/dev\/vd[a-z]/);
    // mkfs appears once, inside the branch taken only when blkid -p found nothing (exit 2).
    expect(text.match(/mkfs/g)).toHaveLength(1);
    expect(text).toMatch(
      /if \[ "\$probe" -eq 2 \]; then\n\s+zeroed "\$device" \|\| fail .*\n.*\n\s+sudo mkfs\.ext4 -F -q -L "\$LABEL" "\$device"\n/,
    );
    expect(text).toContain("ext4 defaults,nobootwait 0 2");
  });

  test("params are single-quoted, so values cannot inject shell", () => {
    const text = attachScript({ coreIp: "10.0.0.5'; rm -rf /; echo '", roles: ["dea"] }).render();
    expect(text).toContain(`CORE_IP='10.0.0.5'\\''; rm -rf /; echo '\\'''`);
  });

  test("Terraform rendering escapes shell ${ and literal params, and quotes references only at apply (issue 8)", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "t");
    const password = new TerraformVariable(stack, "pw", { type: "string" });
    const script = new ShellScript(
      "t",
      [
        ["LITERAL", "${path.cwd}'x"],
        ["REF", password.stringValue],
        ["MIXED", `pre-\${x}-${password.stringValue}`],
      ],
      'echo "${REF}" %{x}',
    );
    new TerraformOutput(stack, "rendered", { value: script.renderForTerraform() });
    const rendered: string = JSON.parse(Testing.synth(stack)).output.rendered.value;
    expect(rendered).toContain(`LITERAL='$\${path.cwd}'\\''x'`);
    expect(rendered).toContain(`REF="$(base64 -d <<< '\${base64encode(var.pw)}'; printf x)"; REF="$\${REF%x}"`);
    expect(rendered).toContain(
      // The literal part holds "${", which HCL would read: it goes as base64decode("<base64 of pre-${x}->").
      `MIXED="$(base64 -d <<< '\${base64encode(join("", [base64decode("${Buffer.from("pre-${x}-").toString("base64")}"), var.pw]))}'; printf x)"`,
    );
    expect(rendered).toContain('echo "$${REF}" %%{x}');
  });

  test("a script's hash follows its body, not its params", () => {
    const a = attachScript({ coreIp: "10.0.0.5", roles: ["dea"] });
    const b = attachScript({ coreIp: "10.0.0.6", roles: ["router"] });
    expect(a.bodySha256).toBe(b.bodySha256);
    expect(a.bodySha256).not.toBe(coreSetupScript({ domain: "x", extraRoles: [] }).bodySha256);
  });

  test("one-shot kato steps are guarded by markers, so a second run changes nothing", () => {
    expect(coreSetupScript({ domain: "d", extraRoles: [] }).render()).toMatch(
      /if ! is_done core-setup; then[\s\S]*mark_done core-setup/,
    );
    expect(attachScript({ coreIp: "1", roles: ["dea"] }).render()).toMatch(
      /if ! is_done "attach-\$CORE_IP"; then[\s\S]*mark_done "attach-\$CORE_IP"/,
    );
    // A relocation's state is on the volume (the store's symlink and a note), so it survives a replaced node.
    expect(relocateScript({ what: "services", volume: "/v", target: "/v/t" }).render()).toMatch(
      /if \[ "\$\(readlink -f "\$STORE"\)" = "\$\(readlink -f "\$TARGET"\)" \]; then/,
    );
  });
});

describe("the controller sshfs script", () => {
  const text = controllerSharedDropletsScript({
    primaryIp: "10.0.0.5",
    remoteDir: "/mnt/add-volume/stackato-shared",
    mountPoint: "/mnt/controller",
    shareStagedUploads: true,
  }).render();

  test("persists the mount in fstab as fuse.sshfs with _netdev and the documented options", () => {
    expect(text).toContain("SSHFS_OPTIONS='idmap=user,reconnect,allow_other,delay_connect,ServerAliveInterval=15'");
    expect(text).toContain(
      'entry="stackato@$PRIMARY_IP:$REMOTE_DIR $MOUNT_POINT fuse.sshfs _netdev,nobootwait,$owner,IdentityFile=$KEY_PATH',
    );
    expect(text).toContain('if ! grep -qxF "$entry" /etc/fstab; then');
    expect(text).not.toContain("nofail");
  });

  test("stops the controller before switching the data directories, and only when they are not linked yet", () => {
    expect(text).toMatch(
      /if \[ "\$needs_link" = yes \]; then\n.*\n\s+stop_kato controller\n\s+link_to_shared "\$DATA_DIR" "\$DROPLETS_TARGET"\n[\s\S]*start_stopped_kato\n/,
    );
    expect(text).toContain("DROPLETS_TARGET='/mnt/controller/droplets'");
    expect(text).toContain("STAGED_DIR='/var/stackato/data/cloud_controller_ng/tmp/staged_droplet_uploads'");
  });

  test("uses the cluster key, never an agent or the operator's key", () => {
    expect(text).toContain("KEY_PATH='/home/stackato/.ssh/stackato_cluster_key'");
    expect(text).not.toMatch(/id_rsa|SSH_AUTH_SOCK/);
  });
});

describe("the cluster key", () => {
  test("is made once, as PEM RSA that the VMs' OpenSSH 5.9 can read", () => {
    const cmd = clusterKeygenCommand("../../../.stackato-keys/prod", "stackato-cluster-prod");
    expect(cmd).toContain(
      "if [ ! -f '../../../.stackato-keys/prod'/id_rsa ]; then ssh-keygen -q -t rsa -b 4096 -m PEM -N ''",
    );
    const result = spawnSync("sh", ["-n"], { input: cmd });
    expect(result.status).toBe(0);
  });

  test("really generates a usable key pair, and a second run keeps it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stackato-keygen-"));
    try {
      const keyDir = `${dir}/keys`;
      execFileSync("sh", ["-c", clusterKeygenCommand(keyDir, "test")]);
      const first = fs.readFileSync(`${keyDir}/id_rsa`, "utf8");
      expect(first.startsWith(["-----BEGIN", "RSA", "PRIVATE", "KEY-----"].join(" "))).toBe(true); // PEM, not the new OpenSSH format
      expect(fs.statSync(keyDir).mode & 0o777).toBe(0o700);
      execFileSync("sh", ["-c", clusterKeygenCommand(keyDir, "test")]);
      expect(fs.readFileSync(`${keyDir}/id_rsa`, "utf8")).toBe(first);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the Primary trusts the current key with sftp-server forced, and a regenerated key replaces the old one (issue 8)", () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "stackato-authkeys-"));
    try {
      fs.mkdirSync(path.join(home, ".ssh"));
      fs.writeFileSync(path.join(home, ".ssh", "authorized_keys"), "ssh-rsa AAAAoperator operator@laptop\n");
      const authorize = (key: string) => {
        const uploaded = path.join(home, "uploaded.pub");
        fs.writeFileSync(uploaded, `ssh-rsa ${key} stackato-cluster-x\n`);
        const run = spawnSync("bash", ["-c", authorizeClusterKeyScript().render({ UPLOADED: uploaded })], {
          encoding: "utf8",
          env: { ...process.env, HOME: home },
        });
        expect(run.stderr).toBe("");
        return fs
          .readFileSync(path.join(home, ".ssh", "authorized_keys"), "utf8")
          .trim()
          .split("\n");
      };
      const forced =
        'command="/usr/lib/openssh/sftp-server",no-port-forwarding,no-X11-forwarding,no-agent-forwarding,no-pty';
      expect(authorize("AAAAfirst")).toEqual([
        "ssh-rsa AAAAoperator operator@laptop",
        `${forced} ssh-rsa AAAAfirst stackato-terraform:cluster-key`,
      ]);
      expect(authorize("AAAAfirst")).toHaveLength(2);
      expect(authorize("AAAAsecond")).toEqual([
        "ssh-rsa AAAAoperator operator@laptop",
        `${forced} ssh-rsa AAAAsecond stackato-terraform:cluster-key`,
      ]);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  test("a regenerated key re-runs the steps that authorize and hand it out", () => {
    const out = synthClusterForKeys();
    const keyId = `\${${out.address("null_resource", "SharedDroplets/ClusterKey")}.id}`;
    expect(out.resource("null_resource", "SharedDroplets/AuthorizeClusterKey/Resource").triggers.cluster_key_id).toBe(
      keyId,
    );
    expect(
      out.resource("null_resource", "SharedDroplets/Sshfs-stackato-controller-1/Resource").triggers.cluster_key_id,
    ).toBe(keyId);
  });
});

function synthClusterForKeys() {
  return synthStack((stack) => {
    const image = new StackatoImage(stack, "Image", { existingImageName: "Stackato-3.6.2" });
    const cluster = new StackatoCluster(stack, "Cluster", {
      domain: "paas.example.com",
      image,
      keyName: "ops",
      networkName: "private",
      ssh: { useSshAgent: true },
    });
    cluster.addControllers();
    cluster.addSharedDropletVolume();
  });
}
