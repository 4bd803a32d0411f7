import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import { ClusterStack, clusterSettingsFromEnv } from "../examples";
import { Synthesized, recordStack } from "./support/synth";

/** The example `cluster` stack, synthesized with validations, metadata kept. */
function synthClusterExample(env: NodeJS.ProcessEnv = {}): Synthesized {
  return recordStack(new ClusterStack(Testing.app(), "cluster", clusterSettingsFromEnv(env)));
}

/** Security group names on each node's port, keyed by server name. */
function groupsByNode(out: Synthesized): Record<string, string[]> {
  const groupName: Record<string, string> = {};
  for (const [id, g] of Object.entries<any>(out.json.resource.openstack_networking_secgroup_v2))
    groupName[`\${openstack_networking_secgroup_v2.${id}.id}`] = g.name;
  return Object.fromEntries(
    out
      .resources("openstack_networking_port_v2")
      .map((p) => [p.name.replace(/-port$/, ""), p.security_group_ids.map((id: string) => groupName[id]).sort()]),
  );
}

/** `type.id` of the null_resource whose path ends with `suffix`. */
function step(out: Synthesized, suffix: string): string {
  return out.address("null_resource", `${suffix}/Resource`);
}

function dependsOn(out: Synthesized, suffix: string): string[] {
  return out.resource("null_resource", `${suffix}/Resource`).depends_on ?? [];
}

function remoteScript(out: Synthesized, suffix: string): string {
  const provisioners: any[] = out.resource("null_resource", `${suffix}/Resource`).provisioner;
  // The step's script is its last remote-exec (a first one may make the private upload directory).
  return provisioners
    .filter((p) => p["remote-exec"])
    .slice(-1)[0]
    ["remote-exec"].inline.join("\n");
}

describe("the cluster example", () => {
  const out = synthClusterExample();

  test("routers, the load balancer and the core get one certificate, made once on the deploying machine (issue 7, defect 7)", () => {
    const made = out.resource("null_resource", "Cluster/SslCertificate");
    expect(made.provisioner[0]["local-exec"].command).toContain("openssl req -x509");
    expect(made.provisioner[0]["local-exec"].command).toContain("'../../../.stackato-keys/stackato/ssl'");
    for (const suffix of ["Routers/Node1/Attach", "Routers/Node2/Attach", "LoadBalancer/Setup", "Core/InstallSsl"]) {
      const files = out
        .resource("null_resource", `${suffix}/Resource`)
        .provisioner.filter((p: Record<string, any>) => p.file)
        .map((p: Record<string, any>) => p.file);
      expect([suffix, files]).toEqual([
        suffix,
        [
          {
            source: "../../../.stackato-keys/stackato/ssl/stackato.key",
            destination: ".stackato-terraform/private/stackato.key",
          },
          {
            source: "../../../.stackato-keys/stackato/ssl/stackato.crt",
            destination: ".stackato-terraform/private/stackato.crt",
          },
        ],
      ]);
    }
    expect(remoteScript(out, "Routers/Node1/Attach")).toMatch(
      /node rename "\$RENAME_TO" --no-restart[\s\S]*installing the cluster's SSL certificate[\s\S]*node attach -e/,
    );
  });

  test("has the nodes of the example topology with their roles", () => {
    const nodes = out
      .resources("openstack_compute_instance_v2")
      .map((i) => `${i.name}=${i.metadata.stackato_roles}`)
      .sort();
    expect(nodes).toEqual([
      "stackato-controller-1=controller",
      "stackato-controller-2=controller",
      "stackato-core=primary,controller,router",
      "stackato-data-1=data-services",
      "stackato-dea-1=dea",
      "stackato-dea-2=dea",
      "stackato-lb=load-balancer",
      "stackato-router-1=router",
      "stackato-router-2=router",
    ]);
  });

  test("every node is in stackato-int; only the load balancer is also in stackato-ext", () => {
    const internal = ["stackato-int"];
    expect(groupsByNode(out)).toEqual({
      "stackato-core": internal,
      "stackato-controller-1": internal,
      "stackato-controller-2": internal,
      "stackato-dea-1": internal,
      "stackato-dea-2": internal,
      "stackato-router-1": internal,
      "stackato-router-2": internal,
      "stackato-data-1": internal,
      "stackato-lb": ["stackato-ext", "stackato-int"],
    });
  });

  test("only the exposed node gets a floating IP, and provisioning waits for its association", () => {
    expect(out.resources("openstack_networking_floatingip_v2")).toHaveLength(1);
    const association = out.address(
      "openstack_networking_floatingip_associate_v2",
      "LoadBalancer/Server/FloatingIpAssociation",
    );
    expect(dependsOn(out, "Cluster/LoadBalancer/Setup")).toContain(association);
  });

  test("nodes without a floating IP are reached through the exposed node as bastion", () => {
    const conn = out.resource("null_resource", "Deas/Node1/Attach/Resource").connection;
    expect(conn.host).toMatch(/^\$\{element\(openstack_networking_port_v2\.\w+\.all_fixed_ips, 0\)\}$/);
    expect(conn.bastion_host).toBe(
      `\${${out.address("openstack_networking_floatingip_v2", "LoadBalancer/Server/FloatingIp")}.address}`,
    );
    expect(conn.user).toBe("stackato");
  });

  test("the droplets volume is 10 GB, named <cluster>-droplets, attached to the Primary without a device name", () => {
    const volume = out.resource("openstack_blockstorage_volume_v3", "SharedDroplets/Storage/Volume");
    expect(volume).toMatchObject({ name: "stackato-droplets", size: 10, lifecycle: { prevent_destroy: true } });
    const attach = out.resource("openstack_compute_volume_attach_v2", "SharedDroplets/Storage/Attachment");
    expect(attach.instance_id).toBe(`\${${out.address("openstack_compute_instance_v2", "Core/Server/Instance")}.id}`);
    expect(attach.volume_id).toBe(
      `\${${out.address("openstack_blockstorage_volume_v3", "SharedDroplets/Storage/Volume")}.id}`,
    );
    expect(attach.device).toBeUndefined();
  });

  test("the data-services volume is <cluster>-data on the data node, and both volumes refuse destroy", () => {
    const volume = out.resource("openstack_blockstorage_volume_v3", "DataServices/Node1/ServicesVolume/Storage/Volume");
    expect(volume).toMatchObject({ name: "stackato-data", size: 10, lifecycle: { prevent_destroy: true } });
    const attach = out.resource(
      "openstack_compute_volume_attach_v2",
      "DataServices/Node1/ServicesVolume/Storage/Attachment",
    );
    expect(attach.instance_id).toBe(
      `\${${out.address("openstack_compute_instance_v2", "DataServices/Node1/Server/Instance")}.id}`,
    );
    expect(out.resources("openstack_blockstorage_volume_v3").every((v) => v.lifecycle.prevent_destroy === true)).toBe(
      true,
    );
  });

  test("provisioning runs volume setup, droplet relocation, controller sshfs, then controller attach", () => {
    const mount = step(out, "SharedDroplets/Storage/Mount");
    const relocate = step(out, "SharedDroplets/RelocateDroplets");
    const staged = step(out, "SharedDroplets/ShareStagedUploads");
    const coreSetup = step(out, "Cluster/Core/Setup");
    expect(dependsOn(out, "SharedDroplets/Storage/Mount")).toContain(
      out.address("openstack_compute_volume_attach_v2", "SharedDroplets/Storage/Attachment"),
    );
    expect(dependsOn(out, "SharedDroplets/RelocateDroplets")).toEqual(expect.arrayContaining([mount, coreSetup]));
    expect(dependsOn(out, "SharedDroplets/ShareStagedUploads")).toContain(relocate);
    for (const n of [1, 2]) {
      const sshfs = step(out, `SharedDroplets/Sshfs-stackato-controller-${n}`);
      expect(dependsOn(out, `SharedDroplets/Sshfs-stackato-controller-${n}`)).toEqual(
        expect.arrayContaining([relocate, staged, step(out, "SharedDroplets/AuthorizeClusterKey")]),
      );
      expect(dependsOn(out, `Controllers/Node${n}/Attach`)).toEqual(expect.arrayContaining([sshfs, coreSetup]));
    }
    // Nodes that are not controllers attach after the core alone, not after the droplets work.
    expect(dependsOn(out, "Deas/Node1/Attach")).toContain(coreSetup);
    expect(dependsOn(out, "Deas/Node1/Attach").some((d) => d.includes("Sshfs"))).toBe(false);
  });

  test("the data node relocates services after its mount and its attach; the load balancer waits for every router", () => {
    expect(dependsOn(out, "DataServices/Node1/ServicesVolume/RelocateServices")).toEqual(
      expect.arrayContaining([
        step(out, "DataServices/Node1/ServicesVolume/Storage/Mount"),
        step(out, "DataServices/Node1/Attach"),
      ]),
    );
    expect(remoteScript(out, "DataServices/Node1/ServicesVolume/RelocateServices")).toContain(
      "TARGET='/mnt/add-volume/stackato-services'",
    );
    expect(dependsOn(out, "Cluster/LoadBalancer/Setup")).toEqual(
      expect.arrayContaining([step(out, "Routers/Node1/Attach"), step(out, "Routers/Node2/Attach")]),
    );
  });

  test("volume scripts find the device by id from the volume id, and guard mkfs", () => {
    for (const suffix of ["SharedDroplets/Storage/Mount", "DataServices/Node1/ServicesVolume/Storage/Mount"]) {
      const script = remoteScript(out, suffix);
      const volume = out.address("openstack_blockstorage_volume_v3", suffix.replace(/Mount$/, "Volume"));
      expect(script).toContain(
        `SERIAL="$(base64 -d <<< '\${base64encode(substr(${volume}.id, 0, 20))}'; printf x)"; SERIAL="$\${SERIAL%x}"`,
      );
      expect(script).toContain("BY_ID_DIR='/dev/disk/by-id'");
      expect(script).toContain('"$BY_ID_DIR/virtio-$SERIAL"');
      expect(script).toMatch(/if \[ "\$probe" -eq 2 \]; then[^]*sudo mkfs\.ext4/);
      expect(script).not.toMatch(/\/dev\/vd[a-z]\b/);
    }
  });

  test("the core is renamed to the domain and set up as core; others attach to its internal IP", () => {
    expect(remoteScript(out, "Cluster/Core/Setup")).toContain("DOMAIN='paas.example.com'");
    expect(remoteScript(out, "Cluster/Core/Setup")).toContain('"$KATO" node setup core "api.$DOMAIN"');
    const corePort = out.address("openstack_networking_port_v2", "Core/Server/Port");
    expect(remoteScript(out, "Deas/Node1/Attach")).toContain(
      `CORE_IP="$(base64 -d <<< '\${base64encode(element(${corePort}.all_fixed_ips, 0))}'; printf x)"; CORE_IP="$\${CORE_IP%x}"\nROLES='dea'`,
    );
    expect(remoteScript(out, "Controllers/Node1/Attach")).toContain("ROLES='controller'\nRENAME_TO=''");
    // Routers take the cluster's hostname before attaching, as in the guide's load-balancer section.
    expect(remoteScript(out, "Routers/Node1/Attach")).toContain("ROLES='router'\nRENAME_TO='paas.example.com'");
  });

  test("shell syntax in scripts is escaped from Terraform interpolation", () => {
    const script = remoteScript(out, "SharedDroplets/Sshfs-stackato-controller-1");
    // The only interpolations left are the apply-time encodings of references.
    expect(script).not.toMatch(/[^$]\$\{(?!base64encode\()/);
  });

  test("outputs list IPs by node, the API endpoint and the DNS records", () => {
    const outputs = out.outputs();
    expect(outputs.stackato_api_endpoint.value).toBe("https://api.paas.example.com");
    expect(Object.keys(outputs.stackato_private_ips.value)).toHaveLength(9);
    expect(Object.keys(outputs.stackato_public_ips.value)).toEqual(["stackato-lb"]);
    expect(outputs.stackato_ssh_commands.value["stackato-dea-1"]).toMatch(
      /^ssh -J stackato@\$\{openstack_networking_floatingip_v2\.\w+\.address\} stackato@\$\{element/,
    );
    expect(outputs.stackato_dns_records.value).toMatch(
      /^paas\.example\.com\. IN A \$\{.*\} ; \*\.paas\.example\.com\. IN CNAME paas\.example\.com\.$/,
    );
  });

  test("anti-affinity server groups hold the controllers, routers and DEAs", () => {
    expect(
      out
        .resources("openstack_compute_servergroup_v2")
        .map((g) => `${g.name}:${g.policies}`)
        .sort(),
    ).toEqual([
      "stackato-controllers:anti-affinity",
      "stackato-deas:soft-anti-affinity",
      "stackato-routers:anti-affinity",
    ]);
    const dea = out.resource("openstack_compute_instance_v2", "Deas/Node1/Server/Instance");
    expect(dea.scheduler_hints).toEqual([
      { group: `\${${out.address("openstack_compute_servergroup_v2", "Deas/ServerGroup")}.id}` },
    ]);
  });

  test("every node gets passwordless sudo and no ssh password logins through cloud-init", () => {
    for (const instance of out.resources("openstack_compute_instance_v2")) {
      expect(instance.user_data).toMatch(/^#cloud-config\nssh_pwauth: false\n/);
      expect(instance.user_data).toContain("stackato ALL = (root) NOPASSWD: ALL");
    }
  });
});

describe("key material", () => {
  test("no private key text appears anywhere in the synthesized cluster, even with a key path set", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stackato-key-"));
    try {
      execFileSync("ssh-keygen", ["-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", path.join(dir, "id_rsa")]);
      const privateKey = fs.readFileSync(path.join(dir, "id_rsa"), "utf8");
      const out = synthClusterExample({
        STACKATO_SSH_PRIVATE_KEY: path.join(dir, "id_rsa"),
        STACKATO_PUBLIC_KEY_FILE: path.join(dir, "id_rsa.pub"),
      });
      const json = JSON.stringify(out.json);
      expect(json).not.toContain("PRIVATE KEY");
      // The OpenSSH private key format embeds the public key, which rightly is in the JSON: a body
      // line that is part of the public key's base64 proves nothing, so only the others are checked.
      const publicBase64 = fs.readFileSync(path.join(dir, "id_rsa.pub"), "utf8").split(" ")[1];
      const body = privateKey.split("\n").filter((l) => l && !l.startsWith("-----") && !publicBase64.includes(l));
      expect(body.length).toBeGreaterThan(10);
      for (const line of body) expect(json).not.toContain(line);
      // The key is referenced by path, read by Terraform at apply.
      expect(out.json.variable.stackato_ssh_private_key_path.default).toBe(path.join(dir, "id_rsa"));
      // The public key is registered, as it should be.
      expect(out.resources("openstack_compute_keypair_v2")[0].public_key).toBe(
        fs.readFileSync(path.join(dir, "id_rsa.pub"), "utf8").trim(),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the example prefers a key file: with no key path it reads ~/.ssh/id_rsa at apply, not ssh-agent", () => {
    const out = synthClusterExample();
    expect(out.json.variable.stackato_ssh_private_key_path.default).toBe("~/.ssh/id_rsa");
    expect(out.resource("null_resource", "Cluster/Core/Setup/Resource").connection.agent).toBe(
      '${var.stackato_ssh_private_key_path == ""}',
    );
  });

  test("with STACKATO_SSH_AGENT=true, connections use ssh-agent and file() is never reached", () => {
    const conn = synthClusterExample({ STACKATO_SSH_AGENT: "true" }).resource(
      "null_resource",
      "Cluster/Core/Setup/Resource",
    ).connection;
    expect(conn.agent).toBe("true");
    expect(conn.private_key).toBe(
      '${var.stackato_ssh_private_key_path == "" ? null : file(pathexpand(var.stackato_ssh_private_key_path))}',
    );
  });
});
