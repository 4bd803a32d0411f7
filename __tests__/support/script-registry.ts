/**
 * The one list of the scripts the constructs generate, for every script test (shellcheck, bash -n,
 * bash 4.2): each provisioning step's script with realistic values, and the local-exec commands of a
 * stack that uses every one of them. `script-registry.test.ts` checks that every step file of
 * `lib/provisioning/scripts/sh/` is here, so a new step cannot be missed by the checks.
 */
import * as fs from "fs";
import { Testing, TerraformStack } from "cdktf";
import { Frontend, StackatoImage } from "../../lib";
import {
  ShellScript,
  attachScript,
  authorizeClusterKeyScript,
  controllerSharedDropletsScript,
  coreSetupScript,
  externalDatabaseScript,
  installSslScript,
  leaveLoadBalancerScript,
  licenseScript,
  loadBalancerScript,
  microCloudSetupScript,
  mountVolumeScript,
  relocateScript,
  removeNodeScript,
  shareStagedUploadsScript,
} from "../../lib/provisioning/scripts";
import { SH_DIR } from "../../lib/provisioning/scripts/sh-files";
import { testCluster } from "./test-cluster";

/** A step's script, with the file of `sh/` its body comes from, and a label for test names. */
export interface RegisteredScript {
  readonly label: string;
  readonly file: string;
  readonly script: ShellScript;
}

const entry = (file: string, script: ShellScript, variant = ""): RegisteredScript => ({
  label: variant ? `${script.name} (${variant})` : script.name,
  file,
  script,
});

export const SCRIPTS: readonly RegisteredScript[] = [
  entry("core-setup.sh", coreSetupScript({ domain: "paas.example.com", extraRoles: [] })),
  entry("core-setup.sh", coreSetupScript({ domain: "paas.example.com", extraRoles: ["dea", "mysql"] }), "extra roles"),
  entry("micro-cloud-setup.sh", microCloudSetupScript({ domain: "micro.example.com" })),
  entry("license.sh", licenseScript({ licenseKey: "LICENSE-KEY" })),
  entry("attach.sh", attachScript({ coreIp: "10.0.0.5", roles: ["dea"] })),
  entry(
    "attach.sh",
    attachScript({ coreIp: "10.0.0.5", roles: ["router"], renameTo: "paas.example.com", sharedSsl: true }),
    "router",
  ),
  entry(
    "load-balancer.sh",
    loadBalancerScript({ coreIp: "10.0.0.5", domain: "paas.example.com", routerIps: "10.0.0.7 10.0.0.8" }),
  ),
  entry(
    "external-database.sh",
    externalDatabaseScript({
      kind: "postgresql",
      host: "10.0.9.9",
      port: 5432,
      user: "postgres",
      password: "it's secret",
    }),
  ),
  entry(
    "external-database.sh",
    externalDatabaseScript({ kind: "mysql", host: "10.0.9.8", port: 3306, user: "root", password: "p" }),
  ),
  entry(
    "mount-volume.sh",
    mountVolumeScript({ deviceSerial: "0b6f3cbe-4e0a-4f5b-9", mountPoint: "/mnt/add-volume", label: "droplets" }),
  ),
  entry(
    "relocate.sh",
    relocateScript({ what: "droplets", volume: "/mnt/add-volume", target: "/mnt/add-volume/stackato-shared/droplets" }),
  ),
  entry(
    "relocate.sh",
    relocateScript({ what: "services", volume: "/mnt/add-volume", target: "/mnt/add-volume/stackato-services" }),
  ),
  entry("share-staged-uploads.sh", shareStagedUploadsScript({ sharedDir: "/mnt/add-volume/stackato-shared" })),
  entry(
    "controller-shared-droplets.sh",
    controllerSharedDropletsScript({
      primaryIp: "10.0.0.5",
      remoteDir: "/mnt/add-volume/stackato-shared",
      mountPoint: "/mnt/controller",
      shareStagedUploads: true,
    }),
  ),
  entry("authorize-cluster-key.sh", authorizeClusterKeyScript()),
  entry("install-ssl.sh", installSslScript()),
  entry("remove-node.sh", removeNodeScript({ nodeIp: "10.0.0.9", nodeName: "stackato-dea-2", retire: "yes" })),
  entry("leave-load-balancer.sh", leaveLoadBalancerScript({ nodeIp: "10.0.0.8", nodeName: "stackato-router-2" })),
];

/** The step files of `sh/`: neither the prelude nor the `_*.sh` parts that steps include. */
export function stepFiles(): string[] {
  return fs
    .readdirSync(SH_DIR)
    .filter((name) => name.endsWith(".sh") && name !== "prelude.sh" && !name.startsWith("_"))
    .sort();
}

/**
 * Every local-exec command of a stack that uses each of them (cluster key, certificate, qcow2
 * conversion), as the shell receives it: literal props, so the Terraform template holds no
 * interpolation, only the `$${` and `%%{` escapes, which Terraform turns back into `${` and `%{`.
 */
export function localExecCommands(): Array<[string, string]> {
  const stack = new TerraformStack(Testing.app(), "local");
  const image = new StackatoImage(stack, "Image", {
    localFilePath: "~/images/stackato-v3.6.2.img",
    convertToQcow2: true,
  });
  const cluster = testCluster(stack, {
    image,
    floatingIpPool: "public",
    ssh: { privateKeyPath: "~/.ssh/id_rsa" },
    frontend: Frontend.loadBalancer(),
  });
  cluster.addControllers();
  cluster.addSharedDropletVolume();
  cluster.addRouters({ count: 2 });
  const json = JSON.parse(Testing.synth(stack));
  const commands: Array<[string, string]> = [];
  for (const [type, resources] of Object.entries<Record<string, any>>(json.resource)) {
    for (const [id, resource] of Object.entries<any>(resources)) {
      for (const provisioner of resource.provisioner ?? []) {
        const command = provisioner["local-exec"]?.command;
        if (command !== undefined) commands.push([`${type}.${id}`, command]);
      }
    }
  }
  return commands;
}

/** A Terraform template without interpolations as the text it yields; throws on a real interpolation. */
export function templateText(template: string): string {
  return template.replace(/\$\$\{|%%\{|[$%]\{/g, (match) => {
    if (match.length === 2) throw new Error(`the command interpolates a Terraform value:\n${template}`);
    return match.slice(1);
  });
}
