import * as fs from "fs";
import * as path from "path";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { Construct } from "constructs";
import { StackatoImage, StackatoKeypair, StackatoMicroCloud, StackatoMicroCloudProps } from "../lib";
import { publicKeyError } from "../lib/compute/public-key";
import { Synthesized, synthErrors, synthStack } from "./support/synth";

const FIXTURE_PUB = path.join(__dirname, "fixtures", "id_rsa.pub");
// Built at run time so no file in the repository looks like a committed private key.
const PEM_BEGIN = ["-----BEGIN", "OPENSSH", "PRIVATE", "KEY-----"].join(" ");
const PEM_END = ["-----END", "OPENSSH", "PRIVATE", "KEY-----"].join(" ");
const PUBLIC_KEY = fs.readFileSync(FIXTURE_PUB, "utf8").trim();

function microCloud(overrides: Partial<StackatoMicroCloudProps> = {}): Synthesized {
  return synthStack((s) => {
    const image = new StackatoImage(s, "Image", { existingImageName: "Stackato-3.6.2" });
    const keypair = new StackatoKeypair(s, "Keypair", { publicKeyFile: FIXTURE_PUB });
    new StackatoMicroCloud(s, "MicroCloud", {
      image,
      keyName: keypair.keyName,
      networkName: "private",
      floatingIpPool: "public",
      ...overrides,
    });
  });
}

describe("StackatoKeypair", () => {
  test("registers the public key read from a file at synth", () => {
    const out = microCloud();
    expect(out.resources("openstack_compute_keypair_v2")).toEqual([{ name: "stackato-admin", public_key: PUBLIC_KEY }]);
  });

  test("takes key text, and reuses an existing keypair without creating one", () => {
    const created = synthStack((s) => new StackatoKeypair(s, "K", { publicKey: `${PUBLIC_KEY}\n`, keyName: "ops" }));
    expect(created.resources("openstack_compute_keypair_v2")).toEqual([{ name: "ops", public_key: PUBLIC_KEY }]);
    let existing!: StackatoKeypair;
    const reused = synthStack((s) => (existing = new StackatoKeypair(s, "K", { existingKeyName: "stackato-admin" })));
    expect(reused.json.resource).toBeUndefined();
    expect(existing.keyName).toBe("stackato-admin");
  });

  test("fails on text that is not a public key", () => {
    expect(synthErrors((s) => new StackatoKeypair(s, "K", { publicKey: "hello world" }))).toMatch(
      /publicKey: not an OpenSSH public key \(expected "ssh-rsa AAAA\.\.\. comment", or ecdsa-sha2-nistp256\/384\/521\); give the contents of a \.pub file, or create one with `ssh-keygen -t rsa -b 4096`/,
    );
  });

  test("fails on a private key and never synthesizes it", () => {
    expect(synthErrors((s) => new StackatoKeypair(s, "K", { publicKey: `${PEM_BEGIN}\nb3Blbn\n${PEM_END}` }))).toMatch(
      /publicKey: this is a PRIVATE key; never give it to Nova or to synth: use the matching \.pub file/,
    );
  });

  test("fails on a truncated key whose data does not match its type", () => {
    expect(
      publicKeyError("publicKey", "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIOMTbddT1Teyi5uqGq8X0NQoQB4nRTNNcPXlGD8uTG1s"),
    ).toMatch(/publicKey: the key data does not match its type "ssh-rsa"/);
  });

  test("fails on a key file that does not exist", () => {
    expect(synthErrors((s) => new StackatoKeypair(s, "K", { publicKeyFile: "/nonexistent/id_rsa.pub" }))).toMatch(
      /publicKeyFile: cannot read "\/nonexistent\/id_rsa.pub" \(ENOENT\); create it with ssh-keygen or give publicKey/,
    );
  });

  test("fails unless exactly one key source is given", () => {
    expect(synthErrors((s) => new StackatoKeypair(s, "K", {}))).toMatch(
      /keypair: give exactly one of publicKey, publicKeyFile or existingKeyName; none was given/,
    );
    expect(synthErrors((s) => new StackatoKeypair(s, "K", { publicKey: PUBLIC_KEY, existingKeyName: "x" }))).toMatch(
      /got publicKey and existingKeyName/,
    );
  });
});

describe("StackatoMicroCloud", () => {
  test("boots one instance from the image, flavor and keypair, on a port in stackato-ext", () => {
    const out = microCloud();
    const instances = out.resources("openstack_compute_instance_v2");
    expect(instances).toHaveLength(1);
    const [instance] = instances;
    expect(instance).toEqual({
      name: "microcloud",
      image_id: `\${data.openstack_images_image_v2.${Object.keys(out.json.data.openstack_images_image_v2)[0]}.id}`,
      flavor_name: "m1.medium",
      key_pair: `\${${out.address("openstack_compute_keypair_v2", "Keypair/Resource")}.name}`,
      metadata: { stackato_roles: "micro" },
      user_data: expect.stringMatching(/^#cloud-config\nssh_pwauth: false\n/),
      network: [{ port: `\${${out.address("openstack_networking_port_v2", "MicroCloud/Node/Port")}.id}` }],
    });
    const port = out.resource("openstack_networking_port_v2", "MicroCloud/Node/Port");
    expect(port.security_group_ids).toEqual([
      `\${${out.address("openstack_networking_secgroup_v2", "SecurityGroups/External/Resource")}.id}`,
    ]);
    expect(port.network_id).toBe(
      `\${data.openstack_networking_network_v2.${Object.keys(out.json.data.openstack_networking_network_v2)[0]}.id}`,
    );
    expect(out.resources("openstack_networking_secgroup_v2").map((g) => g.name)).toEqual(["stackato-ext"]);
  });

  test("associates a floating IP with the node's port and outputs IPs and the ssh command", () => {
    const out = microCloud();
    const fip = out.address("openstack_networking_floatingip_v2", "MicroCloud/Node/FloatingIp");
    expect(out.resource("openstack_networking_floatingip_v2", "MicroCloud/Node/FloatingIp").pool).toBe("public");
    expect(
      out.resource("openstack_networking_floatingip_associate_v2", "MicroCloud/Node/FloatingIpAssociation"),
    ).toEqual({
      floating_ip: `\${${fip}.address}`,
      port_id: `\${${out.address("openstack_networking_port_v2", "MicroCloud/Node/Port")}.id}`,
    });
    const outputs = out.outputs();
    expect(Object.keys(outputs).sort()).toEqual([
      "microcloud_private_ip",
      "microcloud_public_ip",
      "microcloud_ssh_command",
    ]);
    expect(outputs.microcloud_ssh_command.value).toBe(`ssh stackato@\${${fip}.address}`);
  });

  test("without a pool there is no floating IP and ssh goes to the fixed IP", () => {
    const out = microCloud({ floatingIpPool: undefined, networkId: "net-1", networkName: undefined });
    expect(out.resources("openstack_networking_floatingip_v2")).toEqual([]);
    expect(out.outputs().microcloud_ssh_command.value).toMatch(
      /^ssh stackato@\$\{element\(openstack_networking_port_v2\.\w+\.all_fixed_ips, 0\)\}$/,
    );
    expect(out.resource("openstack_networking_port_v2", "Node/Port").network_id).toBe("net-1");
  });

  test("fails on a flavor with less than 2 GB of RAM", () => {
    expect(
      synthErrors((s) => {
        const image = new StackatoImage(s, "Image", { existingImageName: "S" });
        new StackatoMicroCloud(s, "M", { image, keyName: "k", networkName: "n", flavorName: "m1.tiny" });
      }),
    ).toMatch(
      /flavorName: flavor 'm1.tiny' has 512 MB RAM; Stackato needs at least 2048, so pick a larger flavor such as m1.medium/,
    );
    expect(
      synthErrors((s) => {
        const image = new StackatoImage(s, "Image", { existingImageName: "S" });
        new StackatoMicroCloud(s, "M", { image, keyName: "k", networkName: "n", flavorId: "42", flavorRamMb: 1024 });
      }),
    ).toMatch(/flavorId: flavor '42' has 1024 MB RAM; Stackato needs at least 2048/);
  });

  test("fails without a network, or with both a name and an id", () => {
    const build = (net: object) => (s: any) => {
      const image = new StackatoImage(s, "Image", { existingImageName: "S" });
      new StackatoMicroCloud(s, "M", { image, keyName: "k", ...net });
    };
    expect(synthErrors(build({}))).toMatch(/network: give exactly one of networkName or networkId .*; none was given/);
    expect(synthErrors(build({ networkName: "a", networkId: "b" }))).toMatch(
      /network: give exactly one of networkName or networkId .*; got both/,
    );
  });

  test("with a domain, one ssh step removes mdns and renames the VM, after the floating IP is associated", () => {
    const out = microCloud({ domain: "micro.example.com", ssh: { useSshAgent: true } });
    const [setup] = out.resources("null_resource");
    const script = setup.provisioner[0]["remote-exec"].inline[0];
    expect(script).toContain("DOMAIN='micro.example.com'");
    expect(script).toMatch(/"\$KATO" role remove mdns\n\s+"\$KATO" node rename "\$DOMAIN"/);
    expect(setup.depends_on).toEqual([
      out.address("openstack_networking_floatingip_associate_v2", "MicroCloud/Node/FloatingIpAssociation"),
    ]);
    expect(setup.connection.host).toBe(
      `\${${out.address("openstack_networking_floatingip_v2", "MicroCloud/Node/FloatingIp")}.address}`,
    );
    expect(out.outputs().microcloud_api_endpoint.value).toBe("https://api.micro.example.com");
  });

  test("apiEndpoint, as a cluster has: the output's value with a domain, undefined without one", () => {
    const build = (props: Partial<StackatoMicroCloudProps>): StackatoMicroCloud => {
      let made: StackatoMicroCloud | undefined;
      synthStack((s) => {
        const image = new StackatoImage(s, "Image", { existingImageName: "Stackato-3.6.2" });
        made = new StackatoMicroCloud(s, "MicroCloud", { image, keyName: "k", networkName: "private", ...props });
      });
      return made!;
    };
    expect(build({ domain: "micro.example.com", ssh: { useSshAgent: true } }).apiEndpoint).toBe(
      "https://api.micro.example.com",
    );
    expect(build({}).apiEndpoint).toBeUndefined();
  });

  test("without a domain nothing logs in to the VM", () => {
    expect(microCloud().resources("null_resource")).toEqual([]);
  });

  test("fails on a domain without ssh settings, or a domain that is not a hostname", () => {
    const build = (extra: object) => (s: any) => {
      const image = new StackatoImage(s, "Image", { existingImageName: "S" });
      new StackatoMicroCloud(s, "M", { image, keyName: "k", networkName: "n", ...extra });
    };
    expect(synthErrors(build({ domain: "micro.example.com" }))).toMatch(
      /ssh\.privateKeyPath: provisioning logs in to every node over ssh/,
    );
    expect(synthErrors(build({ domain: "micro", ssh: { useSshAgent: true } }))).toMatch(
      /domain: "micro" is not a hostname/,
    );
  });
});

describe("StackatoMicroCloud licenseKey", () => {
  const license = (s: Construct) =>
    new TerraformVariable(s, "stackato_license_key", { type: "string", sensitive: true }).stringValue;

  test("is set with kato license set after the setup step, the key in the triggers as a hash only", () => {
    const out = synthStack((s) => {
      new StackatoMicroCloud(s, "MicroCloud", {
        image: new StackatoImage(s, "Image", { existingImageName: "Stackato-3.6.2" }),
        keyName: "ops",
        networkName: "private",
        domain: "micro.example.com",
        ssh: { useSshAgent: true },
        licenseKey: license(s),
      });
    });
    const step = out.resource("null_resource", "MicroCloud/License/Resource");
    expect(step.depends_on).toEqual([out.address("null_resource", "MicroCloud/Setup/Resource")]);
    expect(step.triggers).toMatchObject({ license_key_sha256: "${sha256(var.stackato_license_key)}" });
    expect(JSON.stringify(step.provisioner.filter((p: Record<string, unknown>) => p["remote-exec"]))).not.toContain(
      "var.stackato_license_key",
    );
    expect(JSON.stringify(step.provisioner)).toContain("license set");
  });

  test("without a domain, the license step alone logs in", () => {
    const out = synthStack((s) => {
      new StackatoMicroCloud(s, "MicroCloud", {
        image: new StackatoImage(s, "Image", { existingImageName: "Stackato-3.6.2" }),
        keyName: "ops",
        networkName: "private",
        ssh: { useSshAgent: true },
        licenseKey: license(s),
      });
    });
    expect(out.resources("null_resource")).toHaveLength(1);
    expect(out.resource("null_resource", "MicroCloud/License/Resource").depends_on).toHaveLength(1);
  });

  test("a literal key, or one with literal text, is refused naming the prop and the fix", () => {
    const errors = synthErrors((s) => {
      new StackatoMicroCloud(s, "MicroCloud", {
        image: new StackatoImage(s, "Image", { existingImageName: "Stackato-3.6.2" }),
        keyName: "ops",
        networkName: "private",
        ssh: { useSshAgent: true },
        licenseKey: "ABCD-1234",
      });
    });
    expect(errors).toContain("licenseKey: a literal would be written into cdk.tf.json");
  });
});

describe("the micro cloud's node is its core, as a cluster's", () => {
  test("core is the node; server is a deprecated alias of it", () => {
    const stack = new TerraformStack(Testing.app(), "names");
    const image = new StackatoImage(stack, "Image", { existingImageName: "Stackato-3.6.2" });
    const micro = new StackatoMicroCloud(stack, "Micro", { image, keyName: "ops", networkName: "private" });
    expect(micro.core.node.path).toBe("names/Micro/Node");
    expect(micro.server).toBe(micro.core);
    expect(micro.privateIp).toBe(micro.core.privateIp);
  });
});
