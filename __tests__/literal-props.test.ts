import { TerraformStack, Testing } from "cdktf";
import { Peer, Port, StackatoCluster, StackatoImage, StackatoKeypair, StackatoMicroCloud } from "../lib";
import { OpenstackProvider } from "../lib/openstack";

/**
 * Text given as a prop is data. cdk.tf.json is read by Terraform as templates, so a literal `${` or
 * `%{` in a prop that is not escaped would be evaluated: `${file("~/.ssh/id_rsa")}` in a rule's
 * description would send a private key to Neutron. Every free-text prop below gets such a value.
 */
const T = "${path.cwd}";
const D = "%{ if true }x%{ endif }";

/** Every string in the synthesized JSON that holds a template sequence nobody escaped. */
function unescaped(json: unknown, where = ""): string[] {
  if (typeof json === "string") {
    const bare = json.replace(/\$\$\{/g, "").replace(/%%\{/g, "");
    return /\$\{path\.cwd\}|%\{ if true \}/.test(bare) ? [`${where}: ${json}`] : [];
  }
  if (Array.isArray(json)) return json.flatMap((v, i) => unescaped(v, `${where}[${i}]`));
  if (json && typeof json === "object")
    return Object.entries(json).flatMap(([k, v]) => unescaped(v, where ? `${where}.${k}` : k));
  return [];
}

test("no literal prop text reaches cdk.tf.json as a Terraform template", () => {
  const stack = new TerraformStack(Testing.app(), "literal");
  new OpenstackProvider(stack, "openstack", {});
  const image = new StackatoImage(stack, "Image", { existingImageName: `Stackato ${T} ${D}` });
  const keypair = new StackatoKeypair(stack, "Keypair", { existingKeyName: `ops ${T}${D}` });
  const cluster = new StackatoCluster(stack, "Cluster", {
    domain: "paas.example.com",
    image,
    keyName: keypair.keyName,
    networkName: `private ${T}${D}`,
    floatingIpPool: `public ${T}${D}`,
    core: { flavorName: `m1.large ${T}${D}`, availabilityZone: `az ${T}${D}` },
    name: "paas",
    provisioning: false,
  });
  cluster.addDeas({ flavorName: `m1.xlarge ${T}${D}`, availabilityZone: `az ${T}${D}` });
  cluster.addDataServices({ volume: { sizeGb: 20, volumeType: `ssd ${T}${D}` } });
  cluster.addSharedDropletVolume({ volumeName: `drops ${T}${D}`, volumeType: `ssd ${T}${D}` });
  cluster.securityGroups.external.addIngressRule(Peer.cidr("203.0.113.0/24"), Port.tcp(8443), {
    description: `admin ${T}${D}`,
  });
  new StackatoMicroCloud(stack, "Micro", {
    name: "micro",
    image: new StackatoImage(stack, "Image2", {
      sourceUrl: `https://example.com/${T}${D}.img`,
      imageName: `img ${T}${D}`,
    }),
    keyName: "ops",
    networkName: `private ${T}${D}`,
    flavorName: `m1.large ${T}${D}`,
  });
  expect(unescaped(JSON.parse(Testing.synth(stack, true)))).toEqual([]);
});
