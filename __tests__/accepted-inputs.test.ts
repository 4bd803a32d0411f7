/**
 * The other side of the bad-input table: inputs that look unusual but are right must synthesize,
 * and the safety settings (host keys, a domain chosen at deploy time) must reach the JSON.
 */
import { TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import {
  StackatoCluster,
  StackatoClusterProps,
  StackatoImage,
  StackatoKeypair,
  StackatoMicroCloud,
  StackatoSecurityGroups,
} from "../lib";
import { publicKeyError } from "../lib/compute/public-key";
import { cidrError } from "../lib/network/cidr";
import { describeWithTerraform, planStack } from "cdktf-stackato-openstack-harness";
import { ecdsaKeyLine, rsaKeyLine } from "./support/ssh-key-lines";
import { newStack, synthErrors, synthStack } from "./support/synth";
import { testCluster } from "./support/test-cluster";

function cluster(scope: Construct, overrides: Partial<StackatoClusterProps> = {}): StackatoCluster {
  const c = testCluster(scope, {
    floatingIpPool: "public",
    sshSourceCidrs: ["203.0.113.0/24"],
    ssh: { privateKeyPath: "~/.ssh/id_rsa" },
    ...overrides,
  });
  c.addDeas();
  return c;
}

describe("accepted inputs", () => {
  test("an IPv4-mapped IPv6 host, network addresses and world CIDRs are CIDRs", () => {
    for (const cidr of [
      "::ffff:10.0.0.1/128",
      "10.0.0.0/8",
      "10.1.2.3/32",
      "2001:db8::/32",
      "0.0.0.0/0",
      "::/0",
      "fe80::/10",
    ]) {
      expect([cidr, cidrError("sshSourceCidrs[0]", cidr)]).toEqual([cidr, undefined]);
    }
    const out = synthStack(
      (s) => new StackatoSecurityGroups(s, "Groups", { ipv6: true, sshSourceCidrs: ["::ffff:10.0.0.1/128"] }),
    );
    const ssh = out.resources("openstack_networking_secgroup_rule_v2").filter((r) => r.port_range_min === 22);
    expect(ssh).toEqual([expect.objectContaining({ ethertype: "IPv6", remote_ip_prefix: "::ffff:10.0.0.1/128" })]);
  });

  test("RSA keys of 2048 bits and more, and ECDSA keys, are accepted", () => {
    expect(publicKeyError("publicKey", rsaKeyLine(2048))).toBeUndefined();
    expect(publicKeyError("publicKey", rsaKeyLine(4096))).toBeUndefined();
    expect(publicKeyError("publicKey", ecdsaKeyLine())).toBeUndefined();
    // A comment that looks like a key type is still one key.
    expect(publicKeyError("publicKey", rsaKeyLine(2048, "ssh-deploy@ci ssh-rsa-for-stackato"))).toBeUndefined();
    const key = rsaKeyLine(3072);
    const out = synthStack((s) => new StackatoKeypair(s, "Keypair", { publicKey: `${key}\n` }));
    expect(out.resources("openstack_compute_keypair_v2")[0].public_key).toBe(key);
  });

  test("names that are DNS labels, and a whole-token password, synthesize", () => {
    expect(
      synthErrors((s) => {
        const password = new TerraformVariable(s, "db_password", { type: "string", sensitive: true }).stringValue;
        cluster(s, { name: "Paas-2", stackatoVersion: "3.4" }).addDataServices({
          externalMysql: { host: "192.0.2.10", port: 3307, user: "stackato", password },
        });
      }),
    ).toBe("");
  });
});

describe("host-key pinning", () => {
  const core = rsaKeyLine(2048, "core");
  const others = rsaKeyLine(2048, "others");
  const bastion = rsaKeyLine(2048, "bastion");

  test("each connection carries its node's host key, else the common one, and the bastion's key when it jumps", () => {
    const out = synthStack((s) =>
      cluster(s, {
        ssh: {
          privateKeyPath: "~/.ssh/id_rsa",
          hostKey: others,
          hostKeys: { "stackato-core": core },
          bastionHostKey: bastion,
        },
      }),
    );
    const coreSetup = out.resource("null_resource", "Cluster/Core/Setup/Resource").connection;
    const deaAttach = out.resource("null_resource", "Cluster/Deas/Node1/Attach/Resource").connection;
    expect(coreSetup.host_key).toBe(core);
    expect(coreSetup.bastion_host_key).toBeUndefined(); // the core has the floating IP: no jump
    expect(deaAttach.host_key).toBe(others);
    expect(deaAttach.bastion_host).toBeDefined();
    expect(deaAttach.bastion_host_key).toBe(bastion);
  });

  test("without pinned keys, connections carry no host_key", () => {
    const out = synthStack((s) => cluster(s));
    expect(out.resource("null_resource", "Cluster/Core/Setup/Resource").connection.host_key).toBeUndefined();
  });

  test("the micro cloud's rename step pins its host key", () => {
    const out = synthStack((s) => {
      const image = new StackatoImage(s, "Image", { existingImageName: "Stackato-3.6.2" });
      new StackatoMicroCloud(s, "MicroCloud", {
        image,
        keyName: "ops",
        networkName: "private",
        sshSourceCidrs: ["203.0.113.0/24"],
        domain: "paas.example.com",
        ssh: { privateKeyPath: "~/.ssh/id_rsa", hostKey: core },
      });
    });
    expect(out.resource("null_resource", "MicroCloud/Setup/Resource").connection.host_key).toBe(core);
  });
});

/** A cluster whose domain is a Terraform variable with `value` as its default. */
function clusterWithDomainVariable(value: string): TerraformStack {
  const stack = newStack();
  const domain = new TerraformVariable(stack, "domain", { type: "string", default: value }).stringValue;
  cluster(stack, { domain, provisioning: false, ssh: undefined });
  return stack;
}

describe("a domain chosen at deploy time", () => {
  test("is accepted at synth and checked by a precondition on the core", () => {
    const out = synthStack((s) => {
      const domain = new TerraformVariable(s, "domain", { type: "string" }).stringValue;
      cluster(s, { domain });
    });
    const precondition = out.resource("openstack_compute_instance_v2", "Cluster/Core/Server/Instance").lifecycle
      .precondition;
    expect(precondition).toHaveLength(1);
    expect(precondition[0].condition).toContain("var.domain");
    expect(precondition[0].error_message).toMatch(/^domain: the value is not a hostname; give the cluster's DNS name/);
  });

  test("a micro cloud's domain from a variable is checked the same way", () => {
    const out = synthStack((s) => {
      const domain = new TerraformVariable(s, "domain", { type: "string" }).stringValue;
      new StackatoMicroCloud(s, "MicroCloud", {
        image: new StackatoImage(s, "Image", { existingImageName: "Stackato-3.6.2" }),
        keyName: "ops",
        networkName: "private",
        sshSourceCidrs: ["203.0.113.0/24"],
        domain,
        ssh: { privateKeyPath: "~/.ssh/id_rsa" },
      });
    });
    const precondition = out.resource("openstack_compute_instance_v2", "MicroCloud/Node/Instance").lifecycle
      .precondition;
    expect(precondition[0].condition).toContain("var.domain");
  });

  test("a literal domain needs no precondition", () => {
    const out = synthStack((s) => cluster(s));
    expect(out.resource("openstack_compute_instance_v2", "Cluster/Core/Server/Instance").lifecycle).toBeUndefined();
  });
});

describeWithTerraform("a domain chosen at deploy time, planned with real Terraform", () => {
  test.each(["paas.example.com", "10.1.2.3.nip.io"])(
    "plan accepts %s",
    async (domain) => {
      const result = await planStack(clusterWithDomainVariable(domain));
      expect(result.diagnostics).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.resourcesToCreate).toBeGreaterThan(0);
    },
    120000,
  );

  test.each(["bad domain.com", "localhost", "paas.example.123", "a..b.com"])(
    "plan refuses %s, naming the prop",
    async (domain) => {
      const result = await planStack(clusterWithDomainVariable(domain));
      expect(result.ok).toBe(false);
      expect(result.diagnostics.join("\n")).toContain("domain: the value is not a hostname");
    },
    120000,
  );
});
