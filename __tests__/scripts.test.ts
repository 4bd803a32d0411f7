import { execFileSync, spawnSync } from "child_process";
import {
  ShellScript,
  attachScript,
  authorizeClusterKeyScript,
  controllerSharedDropletsScript,
  coreSetupScript,
  externalDatabaseScript,
  loadBalancerScript,
  mountVolumeScript,
  relocateScript,
  shareStagedUploadsScript,
} from "../lib/scripts";

/** One of every script the constructs generate, with realistic values. */
const ALL_SCRIPTS: ShellScript[] = [
  coreSetupScript({ domain: "paas.example.com", extraRoles: [] }),
  coreSetupScript({ domain: "paas.example.com", extraRoles: ["dea", "mysql"] }),
  attachScript({ coreIp: "10.0.0.5", roles: ["dea"] }),
  attachScript({ coreIp: "10.0.0.5", roles: [] }),
  loadBalancerScript({ coreIp: "10.0.0.5", domain: "paas.example.com" }),
  externalDatabaseScript({ kind: "postgresql", host: "10.0.9.9", port: 5432, user: "postgres", password: "it's secret" }),
  mountVolumeScript({ deviceSerial: "0b6f3cbe-4e0a-4f5b-9", mountPoint: "/mnt/add-volume", label: "droplets" }),
  relocateScript({ what: "droplets", target: "/mnt/add-volume/stackato-shared" }),
  relocateScript({ what: "services", target: "/mnt/add-volume/stackato-services" }),
  shareStagedUploadsScript({ sharedDir: "/mnt/add-volume/stackato-shared" }),
  authorizeClusterKeyScript(),
  controllerSharedDropletsScript({ primaryIp: "10.0.0.5", remoteDir: "/mnt/add-volume/stackato-shared", mountPoint: "/mnt/controller", shareStagedUploads: true }),
];

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
  if (!haveShellcheck) console.log("shellcheck not on PATH: skipping the shellcheck tests (apt-get install shellcheck)");
  const withShellcheck = haveShellcheck ? test.each : test.skip.each;

  withShellcheck(ALL_SCRIPTS.map((s) => [s.name, s] as const))("%s is clean under shellcheck", (_name, script) => {
    const result = spawnSync("shellcheck", ["--shell=bash", "--severity=style", "-"], { input: script.render(), encoding: "utf8" });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  test.each(ALL_SCRIPTS.map((s) => [s.name, s] as const))("%s parses as bash and is strict", (_name, script) => {
    const text = script.render();
    expect(text.startsWith("#!/bin/bash\nset -euo pipefail\n")).toBe(true);
    expect(() => execFileSync("bash", ["-n"], { input: text })).not.toThrow();
  });

  test("the volume script finds the device by id and formats only a blank device", () => {
    const text = mountVolumeScript({ deviceSerial: "SERIAL", mountPoint: "/mnt/add-volume", label: "x" }).render();
    expect(text).toContain('"/dev/disk/by-id/virtio-$SERIAL"');
    expect(text).not.toMatch(/\/dev\/vd[a-z]/);
    // mkfs appears once, inside the branch taken only when blkid -p found nothing (exit 2).
    expect(text.match(/mkfs/g)).toHaveLength(1);
    expect(text).toMatch(/if \[ "\$probe" -eq 2 \]; then\n.*\n\s+sudo mkfs\.ext4 -q -L "\$LABEL" "\$device"\n/);
    expect(text).toContain("ext4 defaults,nofail 0 2");
  });

  test("params are single-quoted, so values cannot inject shell", () => {
    const text = attachScript({ coreIp: "10.0.0.5'; rm -rf /; echo '", roles: ["dea"] }).render();
    expect(text).toContain(`CORE_IP='10.0.0.5'\\''; rm -rf /; echo '\\'''`);
  });

  test("Terraform rendering escapes shell ${ and keeps Terraform references in params", () => {
    const script = new ShellScript("t", [["VOLUME", "${openstack_blockstorage_volume_v3.v.id}"]], 'echo "${VOLUME}" %{x}');
    const rendered = script.renderForTerraform();
    expect(rendered).toContain("VOLUME='${openstack_blockstorage_volume_v3.v.id}'");
    expect(rendered).toContain('echo "$${VOLUME}" %%{x}');
  });

  test("a script's hash follows its body, not its params", () => {
    const a = attachScript({ coreIp: "10.0.0.5", roles: ["dea"] });
    const b = attachScript({ coreIp: "10.0.0.6", roles: ["router"] });
    expect(a.bodySha256).toBe(b.bodySha256);
    expect(a.bodySha256).not.toBe(coreSetupScript({ domain: "x", extraRoles: [] }).bodySha256);
  });

  test("one-shot kato steps are guarded by markers, so a second run changes nothing", () => {
    expect(coreSetupScript({ domain: "d", extraRoles: [] }).render()).toMatch(/if ! is_done core-setup; then[\s\S]*mark_done core-setup/);
    expect(attachScript({ coreIp: "1", roles: ["dea"] }).render()).toMatch(/if ! is_done attach; then[\s\S]*mark_done attach/);
    expect(relocateScript({ what: "services", target: "/t" }).render()).toMatch(/if ! is_done "relocate-\$WHAT"; then/);
  });
});
