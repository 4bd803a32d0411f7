import { TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import {
  Frontend,
  NodeVolume,
  Peer,
  Port,
  StackatoCluster,
  StackatoClusterProps,
  StackatoImage,
  StackatoImageProps,
  StackatoKeypair,
  StackatoMicroCloud,
  StackatoMicroCloudProps,
  StackatoNetwork,
  StackatoNode,
  StackatoSecurityGroup,
  StackatoSecurityGroups,
} from "../../lib";
import { keyLine, rsaKeyLine } from "./ssh-key-lines";

/**
 * One bad input: `build` makes it in a fresh stack; synth must fail with a message line holding
 * every fragment of `error` (the prop and the fix), or, where an error would be wrong, synthesize
 * with a warning holding every fragment of `warning`.
 */
export interface BadInputCase {
  readonly name: string;
  readonly build: (stack: TerraformStack) => void;
  readonly error?: string[];
  readonly warning?: string[];
}

// Built at run time so no file in the repository looks like a committed private key.
const PEM = [
  ["-----BEGIN", "RSA", "PRIVATE", "KEY-----"].join(" "),
  "MIIEowIBAAKCAQEA",
  ["-----END", "RSA", "PRIVATE", "KEY-----"].join(" "),
].join("\n");
const RSA_2048 = rsaKeyLine(2048);

function image(scope: Construct, props: StackatoImageProps = { existingImageName: "Stackato-3.6.2" }): StackatoImage {
  return new StackatoImage(scope, "Image", props);
}

function cluster(scope: Construct, overrides: Partial<StackatoClusterProps> = {}, id = "Cluster"): StackatoCluster {
  return new StackatoCluster(scope, id, {
    domain: "paas.example.com",
    image: scope.node.tryFindChild("Image") ? (scope.node.findChild("Image") as StackatoImage) : image(scope),
    keyName: "ops",
    networkName: "private",
    ssh: { privateKeyPath: "~/.ssh/id_rsa" },
    ...overrides,
  });
}

/** A cluster with DEAs, so the no-DEA warning stays out of the cases that are about something else. */
function clusterWithDeas(scope: Construct, overrides: Partial<StackatoClusterProps> = {}): StackatoCluster {
  const c = cluster(scope, overrides);
  c.addDeas();
  return c;
}

function micro(
  scope: Construct,
  overrides: Partial<StackatoMicroCloudProps> = {},
  id = "MicroCloud",
): StackatoMicroCloud {
  return new StackatoMicroCloud(scope, id, {
    image: scope.node.tryFindChild("Image") ? (scope.node.findChild("Image") as StackatoImage) : image(scope),
    keyName: "ops",
    networkName: "private",
    sshSourceCidrs: ["203.0.113.0/24"],
    ...overrides,
  });
}

function sensitive(scope: Construct, id = "db_password"): string {
  return new TerraformVariable(scope, id, { type: "string", sensitive: true }).stringValue;
}

function db(scope: Construct, overrides: Record<string, unknown> = {}) {
  return { host: "db.example.com", password: sensitive(scope), ...overrides } as { host: string; password: string };
}

function groupWithRule(scope: Construct, port: Port, cidr = "203.0.113.0/24"): void {
  new StackatoSecurityGroup(scope, "Group", { groupName: "custom" }).addIngressRule(Peer.cidr(cidr), port, {
    propName: "addIngressRule",
  });
}

const c = (name: string, build: (s: TerraformStack) => void, error: string[]): BadInputCase => ({ name, build, error });
const w = (name: string, build: (s: TerraformStack) => void, warning: string[]): BadInputCase => ({
  name,
  build,
  warning,
});

const blankStrings: BadInputCase[] = [
  c("cluster keyName empty", (s) => clusterWithDeas(s, { keyName: "" }), [
    "keyName: is empty",
    "StackatoKeypair.keyName",
  ]),
  c("cluster keyName blanks", (s) => clusterWithDeas(s, { keyName: "  " }), ["keyName: is empty"]),
  c("micro cloud keyName empty", (s) => micro(s, { keyName: "" }), ["keyName: is empty"]),
  c("core flavorName empty", (s) => clusterWithDeas(s, { core: { flavorName: "" } }), [
    "core.flavorName: is empty",
    "nova flavor-list",
  ]),
  c("addDeas flavorName empty", (s) => cluster(s).addDeas({ flavorName: "" }), ["addDeas.flavorName: is empty"]),
  c("addDeas flavorId blank", (s) => cluster(s).addDeas({ flavorId: " " }), ["addDeas.flavorId: is empty"]),
  c("micro cloud flavorName empty", (s) => micro(s, { flavorName: "" }), ["flavorName: is empty"]),
  c("cluster floatingIpPool empty", (s) => clusterWithDeas(s, { floatingIpPool: "" }), [
    "floatingIpPool: is empty",
    "leave it out",
  ]),
  c("micro cloud floatingIpPool empty", (s) => micro(s, { floatingIpPool: "" }), ["floatingIpPool: is empty"]),
  c("addDeas availabilityZone empty", (s) => cluster(s).addDeas({ availabilityZone: "" }), [
    "addDeas.availabilityZone: is empty",
    "leave it out",
  ]),
  c("core availabilityZone empty", (s) => clusterWithDeas(s, { core: { availabilityZone: "" } }), [
    "core.availabilityZone: is empty",
  ]),
  c(
    "Frontend.loadBalancer availabilityZone empty",
    (s) => clusterWithDeas(s, { frontend: Frontend.loadBalancer({ availabilityZone: "" }) }).addRouters(),
    ["Frontend.loadBalancer.availabilityZone: is empty"],
  ),
  c(
    "StackatoNode availabilityZone empty",
    (s) =>
      new StackatoNode(s, "Node", {
        instanceName: "vm",
        image: image(s),
        networkId: "net",
        keyName: "ops",
        securityGroupIds: [],
        availabilityZone: "",
      }),
    ["availabilityZone: is empty", "leave it out"],
  ),
  c("data services volumeType empty", (s) => clusterWithDeas(s).addDataServices({ volume: { volumeType: "" } }), [
    "addDataServices.volume.volumeType: is empty",
  ]),
  c("droplets volumeType empty", (s) => clusterWithDeas(s).addSharedDropletVolume({ volumeType: "" }), [
    "addSharedDropletVolume.volumeType: is empty",
  ]),
  c("droplets volumeName empty", (s) => clusterWithDeas(s).addSharedDropletVolume({ volumeName: "" }), [
    "addSharedDropletVolume.volumeName: is empty",
  ]),
  c("droplets keyDirectory empty", (s) => clusterWithDeas(s).addSharedDropletVolume({ keyDirectory: "" }), [
    "addSharedDropletVolume.keyDirectory: is empty",
    "leave it out",
  ]),
  c(
    "security groups namePrefix empty",
    (s) => new StackatoSecurityGroups(s, "Groups", { namePrefix: "", sshSourceCidrs: ["203.0.113.0/24"] }),
    ['namePrefix: "" is not a DNS label'],
  ),
  c("security group groupName empty", (s) => new StackatoSecurityGroup(s, "Group", { groupName: "" }), [
    "groupName: is empty",
  ]),
  c("cluster ssh.user empty", (s) => clusterWithDeas(s, { ssh: { privateKeyPath: "~/.ssh/id_rsa", user: "" } }), [
    "ssh.user: is empty",
    "root",
    '"stackato"',
  ]),
  c(
    "micro cloud ssh.user empty",
    (s) => micro(s, { domain: "paas.example.com", ssh: { privateKeyPath: "~/.ssh/id_rsa", user: "" } }),
    ["ssh.user: is empty"],
  ),
  c("ssh.bastionHost empty", (s) => clusterWithDeas(s, { ssh: { privateKeyPath: "~/.ssh/id_rsa", bastionHost: "" } }), [
    "ssh.bastionHost: is empty",
  ]),
  c(
    "ssh.user with a space",
    (s) => clusterWithDeas(s, { ssh: { privateKeyPath: "~/.ssh/id_rsa", user: "stack ato" } }),
    ['ssh.user: "stack ato" is not a user name', '"stackato"'],
  ),
  c(
    "ssh.bastionHost not a host",
    (s) => clusterWithDeas(s, { ssh: { privateKeyPath: "~/.ssh/id_rsa", bastionHost: "jump host:22" } }),
    ['ssh.bastionHost: "jump host:22" is not a hostname or IP address'],
  ),
  c("custom image with an empty id", (s) => clusterWithDeas(s, { image: { imageId: "" } }), [
    "image.imageId: is empty",
    "StackatoImage",
  ]),
  c("ssh.bastionUser empty", (s) => clusterWithDeas(s, { ssh: { privateKeyPath: "~/.ssh/id_rsa", bastionUser: "" } }), [
    "ssh.bastionUser: is empty",
  ]),
  c("ssh.timeout empty", (s) => clusterWithDeas(s, { ssh: { privateKeyPath: "~/.ssh/id_rsa", timeout: "" } }), [
    'ssh.timeout: "" is not a duration',
    '"15m"',
  ]),
  c(
    "ssh.timeout not a duration",
    (s) => clusterWithDeas(s, { ssh: { privateKeyPath: "~/.ssh/id_rsa", timeout: "forever" } }),
    ['ssh.timeout: "forever" is not a duration'],
  ),
  c("ssh.privateKeyPath empty", (s) => clusterWithDeas(s, { ssh: { privateKeyPath: "" } }), [
    "ssh.privateKeyPath:",
    "useSshAgent",
  ]),
  c("cluster name empty", (s) => clusterWithDeas(s, { name: "" }), ['name: "" is not a DNS label']),
  c("micro cloud name empty", (s) => micro(s, { name: "" }), ['name: "" is not a DNS label']),
  c("keypair keyName empty", (s) => new StackatoKeypair(s, "Keypair", { publicKey: RSA_2048, keyName: "" }), [
    "keyName: is empty",
    "Nova name",
  ]),
  c("keypair publicKeyFile empty", (s) => new StackatoKeypair(s, "Keypair", { publicKeyFile: "" }), [
    "publicKeyFile: is empty",
    "~/.ssh/id_rsa.pub",
  ]),
  c("image sourceUrl empty", (s) => image(s, { sourceUrl: "" }), ["sourceUrl: is empty"]),
  c(
    "StackatoNode instanceName empty",
    (s) =>
      new StackatoNode(s, "Node", {
        instanceName: "",
        image: image(s),
        networkId: "net",
        keyName: "ops",
        securityGroupIds: [],
      }),
    ["instanceName: is empty"],
  ),
  c(
    "NodeVolume label longer than ext4 allows",
    (s) => {
      const node = clusterWithDeas(s).core;
      new NodeVolume(s, "Volume", { node, volumeName: "extra", label: "a-very-long-volume-label" });
    },
    ['label: "a-very-long-volume-label" is not an ext4 label', "16"],
  ),
  c(
    "NodeVolume relative mountPoint",
    (s) => {
      const node = clusterWithDeas(s).core;
      new NodeVolume(s, "Volume", { node, volumeName: "extra", label: "extra", mountPoint: "mnt/extra" });
    },
    ['mountPoint: "mnt/extra" is not an absolute path', '"/mnt/extra"'],
  ),
  c("keypair existingKeyName blank", (s) => new StackatoKeypair(s, "Keypair", { existingKeyName: " " }), [
    "existingKeyName: is empty",
  ]),
  c("image imageName empty", (s) => image(s, { sourceUrl: "https://example.com/stackato.img", imageName: "" }), [
    "imageName: is empty",
  ]),
  c("image existingImageName empty", (s) => image(s, { existingImageName: "" }), ["existingImageName: is empty"]),
  c("network name empty", (s) => clusterWithDeas(s, { networkName: "" }), ["networkName: is empty"]),
  c("extraRoles holds an empty role", (s) => cluster(s).addDeas({ extraRoles: [""] }), [
    "addDeas(extraRoles): '' is not a Stackato role",
  ]),
  c("external DB host empty", (s) => clusterWithDeas(s).addDataServices({ externalMysql: db(s, { host: "" }) }), [
    "addDataServices.externalMysql.host: is empty",
  ]),
  c("external DB user empty", (s) => clusterWithDeas(s).addDataServices({ externalPostgresql: db(s, { user: "" }) }), [
    "addDataServices.externalPostgresql.user: is empty",
  ]),
  c("domain empty", (s) => clusterWithDeas(s, { domain: "" }), ['domain: "" is not a hostname']),
];

const numbers: BadInputCase[] = [
  c("image minRamMb NaN", (s) => image(s, { sourceUrl: "https://example.com/s.img", minRamMb: NaN }), [
    "minRamMb: NaN",
    "whole number",
  ]),
  c("image minRamMb Infinity", (s) => image(s, { sourceUrl: "https://example.com/s.img", minRamMb: Infinity }), [
    "minRamMb: Infinity",
  ]),
  c("image minRamMb fraction", (s) => image(s, { sourceUrl: "https://example.com/s.img", minRamMb: 4096.5 }), [
    "minRamMb: 4096.5",
  ]),
  c("image minRamMb too small", (s) => image(s, { sourceUrl: "https://example.com/s.img", minRamMb: 1024 }), [
    "minRamMb: 1024 MB is below",
  ]),
  c("addDeas flavorRamMb NaN", (s) => cluster(s).addDeas({ flavorName: "custom", flavorRamMb: NaN }), [
    "addDeas.flavorRamMb: NaN",
    "whole number",
  ]),
  c("addDeas flavorRamMb fraction", (s) => cluster(s).addDeas({ flavorName: "custom", flavorRamMb: 4096.5 }), [
    "addDeas.flavorRamMb: 4096.5",
  ]),
  c("core flavorRamMb Infinity", (s) => clusterWithDeas(s, { core: { flavorName: "custom", flavorRamMb: Infinity } }), [
    "core.flavorRamMb: Infinity",
  ]),
  c("micro cloud flavorRamMb too small", (s) => micro(s, { flavorName: "custom", flavorRamMb: 1024 }), [
    "flavorName: flavor 'custom' has 1024 MB RAM",
    "larger flavor",
  ]),
  c("external DB port NaN", (s) => clusterWithDeas(s).addDataServices({ externalMysql: { ...db(s), port: NaN } }), [
    "addDataServices.externalMysql.port: NaN is not a port",
    "1-65535",
  ]),
  c(
    "external DB port above 65535",
    (s) => clusterWithDeas(s).addDataServices({ externalMysql: { ...db(s), port: 70000 } }),
    ["addDataServices.externalMysql.port: 70000 is not a port"],
  ),
  c("external DB port 0", (s) => clusterWithDeas(s).addDataServices({ externalPostgresql: { ...db(s), port: 0 } }), [
    "addDataServices.externalPostgresql.port: 0 is not a port",
  ]),
  c(
    "external DB port fraction",
    (s) => clusterWithDeas(s).addDataServices({ externalMysql: { ...db(s), port: 3306.5 } }),
    ["externalMysql.port: 3306.5 is not a port"],
  ),
  c(
    "external DB port Infinity",
    (s) => clusterWithDeas(s).addDataServices({ externalPostgresql: { ...db(s), port: Infinity } }),
    ["externalPostgresql.port: Infinity is not a port"],
  ),
  c("services volume sizeGb NaN", (s) => clusterWithDeas(s).addDataServices({ volume: { sizeGb: NaN } }), [
    "addDataServices.volume.sizeGb: NaN GB is not a volume size",
  ]),
  c("droplets volume sizeGb fraction", (s) => clusterWithDeas(s).addSharedDropletVolume({ sizeGb: 0.5 }), [
    "addSharedDropletVolume.sizeGb: 0.5 GB",
  ]),
  c("droplets volume sizeGb Infinity", (s) => clusterWithDeas(s).addSharedDropletVolume({ sizeGb: Infinity }), [
    "addSharedDropletVolume.sizeGb: Infinity GB",
  ]),
  c("addDeas count NaN", (s) => cluster(s).addDeas({ count: NaN }), [
    "addDeas.count: NaN is not a node count",
    "whole number",
  ]),
  c("addDeas count fraction", (s) => cluster(s).addDeas({ count: 1.5 }), ["addDeas.count: 1.5 is not a node count"]),
  c(
    "addRouters count negative",
    (s) => clusterWithDeas(s, { frontend: Frontend.routers() }).addRouters({ count: -1 }),
    ["addRouters.count: -1 is not a node count"],
  ),
  c("addControllers count Infinity", (s) => clusterWithDeas(s).addControllers({ count: Infinity }), [
    "addControllers.count: Infinity is not a node count",
  ]),
  c(
    "security group peer with an empty label",
    (s) => {
      new StackatoSecurityGroup(s, "Group", { groupName: "custom" }).addIngressRule(
        Peer.securityGroup("", "abc"),
        Port.tcp(22),
        { propName: "addIngressRule" },
      );
    },
    ["addIngressRule: the security group peer's name is empty", "stable label"],
  ),
  c(
    "NodeVolume on a micro cloud's server",
    (s) => {
      new NodeVolume(s, "Volume", { node: micro(s).core, volumeName: "extra", label: "extra" });
    },
    ["node: ", "is not a node of a StackatoCluster", "openstack.computeVolumeAttachV2"],
  ),
  c("StackatoNetwork with a blank id", (s) => new StackatoNetwork(s, "Network", { networkId: " " }), [
    "networkId: is empty",
    "network's id",
  ]),
  c(
    "DataServicesVolume of 0 GB",
    (s) => {
      clusterWithDeas(s).addDataServices({ volume: { sizeGb: 0 } });
    },
    ["addDataServices.volume.sizeGb: 0 GB is not a volume size"],
  ),
  c(
    "egress rule to a CIDR with host bits",
    (s) => {
      new StackatoSecurityGroup(s, "Group", { groupName: "custom" }).addEgressRule(
        Peer.cidr("192.0.2.1/24"),
        Port.allTcp(),
      );
    },
    ['addEgressRule: "192.0.2.1/24" has host bits set', '"192.0.2.0/24"'],
  ),
  c("rule port NaN", (s) => groupWithRule(s, Port.tcp(NaN)), ["addIngressRule: port NaN is outside 1-65535"]),
  c("rule port above 65535", (s) => groupWithRule(s, Port.tcp(70000)), [
    "addIngressRule: port 70000 is outside 1-65535",
  ]),
  c("rule port range backwards", (s) => groupWithRule(s, Port.tcpRange(100, 10)), [
    "addIngressRule: port range 100-10 runs backwards",
  ]),
  c("rule port fraction", (s) => groupWithRule(s, Port.udp(1.5)), ["addIngressRule: port 1.5 is outside 1-65535"]),
];

const names: BadInputCase[] = [
  c('cluster name ".."', (s) => clusterWithDeas(s, { name: ".." }), ['name: ".." is not a DNS label', '"paas-prod"']),
  c('cluster name "my cluster"', (s) => clusterWithDeas(s, { name: "my cluster" }), [
    'name: "my cluster" is not a DNS label',
  ]),
  c("cluster name with a leading hyphen", (s) => clusterWithDeas(s, { name: "-paas" }), [
    'name: "-paas" is not a DNS label',
  ]),
  c("cluster name with an underscore", (s) => clusterWithDeas(s, { name: "paas_prod" }), [
    'name: "paas_prod" is not a DNS label',
  ]),
  c("cluster name too long for node names", (s) => clusterWithDeas(s, { name: "a".repeat(41) }), [
    "is not a DNS label of at most 40 characters",
  ]),
  c('micro cloud name "my cloud"', (s) => micro(s, { name: "my cloud" }), ['name: "my cloud" is not a DNS label']),
  c("micro cloud name with a slash", (s) => micro(s, { name: "../x" }), ['name: "../x" is not a DNS label']),
  c(
    "security groups namePrefix with a slash",
    (s) => new StackatoSecurityGroups(s, "Groups", { namePrefix: "a/b", sshSourceCidrs: ["203.0.113.0/24"] }),
    ['namePrefix: "a/b" is not a DNS label'],
  ),
];

const duplicates: BadInputCase[] = [
  c(
    "two clusters with the same name",
    (s) => {
      clusterWithDeas(s, { name: "paas" });
      cluster(s, { name: "paas" }, "Other").addDeas();
    },
    ['name: "paas" is also the name of test/', "Other", "its own name"],
  ),
  c(
    "two clusters with the default name",
    (s) => {
      clusterWithDeas(s);
      cluster(s, {}, "Second").addDeas();
    },
    ['name: "stackato" is also the name of test/Second'],
  ),
  c(
    "two micro clouds with the same name",
    (s) => {
      micro(s);
      micro(s, {}, "Other");
    },
    ['name: "microcloud" is also the name of test/Other'],
  ),
  c(
    "a cluster and a micro cloud with the same name",
    (s) => {
      clusterWithDeas(s, { name: "paas", sshSourceCidrs: ["203.0.113.0/24"] });
      micro(s, { name: "paas" });
    },
    ['name: "paas" is also the name of test/Cluster'],
  ),
  c(
    "two StackatoSecurityGroups with the same prefix",
    (s) => {
      new StackatoSecurityGroups(s, "A", { namePrefix: "web", sshSourceCidrs: ["203.0.113.0/24"] });
      new StackatoSecurityGroups(s, "B", { namePrefix: "web", sshSourceCidrs: ["203.0.113.0/24"] });
    },
    ['groupName: "web-ext" is also the name of test/B/External', "namePrefix"],
  ),
  c(
    "a group named like a cluster's group",
    (s) => {
      clusterWithDeas(s, { sshSourceCidrs: ["203.0.113.0/24"] });
      new StackatoSecurityGroup(s, "Extra", { groupName: "stackato-int" });
    },
    ['groupName: "stackato-int" is also the name of test/Extra'],
  ),
  c(
    "addSharedDropletVolume twice",
    (s) => {
      const x = clusterWithDeas(s);
      x.addSharedDropletVolume();
      x.addSharedDropletVolume();
    },
    ["addSharedDropletVolume: the cluster already has a droplets volume", "call addSharedDropletVolume() once"],
  ),
  c(
    "two clusters sharing one keyDirectory",
    (s) => {
      clusterWithDeas(s, { name: "a", sshSourceCidrs: ["203.0.113.0/24"] }).addSharedDropletVolume({
        keyDirectory: "/srv/keys",
      });
      const b = new StackatoCluster(s, "B", {
        domain: "b.example.com",
        image: s.node.findChild("Image") as StackatoImage,
        keyName: "ops",
        networkName: "private",
        name: "b",
        sshSourceCidrs: ["203.0.113.0/24"],
        ssh: { privateKeyPath: "~/.ssh/id_rsa" },
      });
      b.addDeas();
      b.addSharedDropletVolume({ keyDirectory: "/srv/keys" });
    },
    ['addSharedDropletVolume.keyDirectory: "/srv/keys" is also the key folder of test/', "its own folder"],
  ),
  c(
    "frontend not made by Frontend",
    // An object literal, as JavaScript callers can pass: the cluster needs one of the three front doors.
    (s) => clusterWithDeas(s, { frontend: { kind: "routers" } as unknown as Frontend }),
    ['frontend: {"kind":"routers"} is not a front door; give Frontend.core(), Frontend.routers(options)'],
  ),
  c("routers with the core as the front door", (s) => clusterWithDeas(s).addRouters(), [
    "addRouters: the cluster's front door is the core",
    "set frontend: Frontend.routers()",
  ]),
  c(
    "addFloatingIp twice",
    (s) => {
      const node = micro(s, { floatingIpPool: "public" }).core;
      node.addFloatingIp("public");
    },
    ["addFloatingIp: test/MicroCloud/Node already has a floating IP", "call addFloatingIp() once"],
  ),
];

const conflicts: BadInputCase[] = [
  c(
    "cluster securityGroups with sshSourceCidrs",
    (s) => {
      const groups = new StackatoSecurityGroups(s, "Groups", { sshSourceCidrs: ["203.0.113.0/24"] });
      clusterWithDeas(s, { securityGroups: groups, sshSourceCidrs: ["198.51.100.0/24"] });
    },
    [
      "sshSourceCidrs: only applies to the groups this construct creates",
      "set it on the StackatoSecurityGroups you passed",
    ],
  ),
  c(
    "cluster securityGroups without an internal group",
    (s) => {
      const groups = new StackatoSecurityGroups(s, "Groups", {
        internalGroup: false,
        sshSourceCidrs: ["203.0.113.0/24"],
      });
      clusterWithDeas(s, { securityGroups: groups });
    },
    ["securityGroups: test/Groups has no internal group", "internalGroup: true"],
  ),
  c(
    "micro cloud securityGroups with sshSourceCidrs",
    (s) => {
      const groups = new StackatoSecurityGroups(s, "Groups", {
        internalGroup: false,
        sshSourceCidrs: ["203.0.113.0/24"],
      });
      micro(s, { securityGroups: groups, sshSourceCidrs: ["198.51.100.0/24"] });
    },
    ["sshSourceCidrs: only applies to the group this construct creates"],
  ),
  c("flavorName and flavorId", (s) => cluster(s).addDeas({ flavorName: "m1.large", flavorId: "3" }), [
    "addDeas.flavorName: both flavorName and flavorId are given; give one of them",
  ]),
  c("two image sources", (s) => image(s, { existingImageName: "x", localFilePath: "/images/x.img" }), [
    "image source: give exactly one of",
  ]),
  c("two key sources", (s) => new StackatoKeypair(s, "Keypair", { publicKey: RSA_2048, existingKeyName: "ops" }), [
    "keypair: give exactly one of publicKey, publicKeyFile or existingKeyName",
  ]),
  c("networkName and networkId", (s) => clusterWithDeas(s, { networkId: "abc" }), [
    "network: give exactly one of networkName or networkId",
  ]),
  c(
    "load balancer with roles",
    (s) =>
      clusterWithDeas(s, {
        // @ts-expect-error LoadBalancerOptions has no extraRoles; JavaScript callers still get the error.
        frontend: Frontend.loadBalancer({ extraRoles: ["dea"] }),
      }).addRouters(),
    ["Frontend.loadBalancer(extraRoles): a load balancer cannot have other roles"],
  ),
  c(
    "per-node host key for a node the cluster does not have",
    (s) => clusterWithDeas(s, { ssh: { privateKeyPath: "~/.ssh/id_rsa", hostKeys: { "stackato-dea-9": RSA_2048 } } }),
    ['ssh.hostKeys: "stackato-dea-9" is not a node of this cluster', "stackato-core"],
  ),
];

const sshKeys: BadInputCase[] = [
  c("private key text as ssh.privateKeyPath", (s) => clusterWithDeas(s, { ssh: { privateKeyPath: PEM } }), [
    "ssh.privateKeyPath: this is the text of a private key",
    "cdk.tf.json",
    "path of the key file",
  ]),
  c(
    "multi-line text as ssh.privateKeyPath",
    (s) => clusterWithDeas(s, { ssh: { privateKeyPath: "line one\nline two" } }),
    ["ssh.privateKeyPath: holds a line break", "path of the key file"],
  ),
  c(
    "ed25519 public key",
    (s) => new StackatoKeypair(s, "Keypair", { publicKey: keyLine("ssh-ed25519", [Buffer.alloc(32, 7)]) }),
    ['publicKey: "ssh-ed25519" keys need OpenSSH 6.5', "OpenSSH 5.9", "ssh-keygen -t rsa -b 4096"],
  ),
  c(
    "sk- security key",
    (s) =>
      new StackatoKeypair(s, "Keypair", {
        publicKey: keyLine("sk-ssh-ed25519@openssh.com", [Buffer.alloc(32, 7), "ssh:"]),
      }),
    ['publicKey: "sk-ssh-ed25519@openssh.com" keys need OpenSSH 8.2'],
  ),
  c("DSA key", (s) => new StackatoKeypair(s, "Keypair", { publicKey: keyLine("ssh-dss", ["p", "q", "g", "y"]) }), [
    'publicKey: "ssh-dss" keys are 1024-bit DSA',
    "ssh-keygen -t rsa -b 4096",
  ]),
  c(
    "two keys on two lines",
    (s) => new StackatoKeypair(s, "Keypair", { publicKey: `${RSA_2048}\n${rsaKeyLine(2048)}` }),
    ["publicKey: holds 2 keys; give exactly one"],
  ),
  c(
    "two keys on one line",
    (s) => new StackatoKeypair(s, "Keypair", { publicKey: `${RSA_2048} ${rsaKeyLine(2048)}` }),
    ["publicKey: holds 2 keys; give exactly one"],
  ),
  c(
    "truncated RSA blob",
    (s) =>
      new StackatoKeypair(s, "Keypair", {
        publicKey: RSA_2048.split(" ")[0] + " " + RSA_2048.split(" ")[1].slice(0, 200),
      }),
    ["publicKey: the key data is truncated or mangled", "copy the whole .pub line again"],
  ),
  c("RSA key of 1024 bits", (s) => new StackatoKeypair(s, "Keypair", { publicKey: rsaKeyLine(1024) }), [
    "publicKey: the RSA key has 1024 bits",
    "at least 2048",
    "ssh-keygen -t rsa -b 4096",
  ]),
  c(
    "RSA blob with a trailing extra field",
    (s) =>
      new StackatoKeypair(s, "Keypair", {
        publicKey: keyLine("ssh-rsa", [
          Buffer.from([1, 0, 1]),
          Buffer.concat([Buffer.from([0]), Buffer.alloc(256, 0xff)]),
          "extra",
        ]),
      }),
    ["publicKey: the key data is truncated or mangled"],
  ),
  c("private key text as publicKey", (s) => new StackatoKeypair(s, "Keypair", { publicKey: PEM }), [
    "publicKey: this is a PRIVATE key",
  ]),
  c("not a key at all", (s) => new StackatoKeypair(s, "Keypair", { publicKey: "hello world" }), [
    "publicKey: not an OpenSSH public key",
    '"ssh-rsa AAAA... comment"',
  ]),
  c(
    "host key that is not a public key",
    (s) => clusterWithDeas(s, { ssh: { privateKeyPath: "~/.ssh/id_rsa", hostKey: "fingerprint SHA256:abc" } }),
    ["ssh.hostKey: not an OpenSSH public key"],
  ),
  c(
    "bastion host key that is a private key",
    (s) =>
      clusterWithDeas(s, { ssh: { privateKeyPath: "~/.ssh/id_rsa", bastionHost: "203.0.113.5", bastionHostKey: PEM } }),
    ["ssh.bastionHostKey: this is a PRIVATE key"],
  ),
  c(
    "bastionHostKey without a bastion host",
    (s) => micro(s, { domain: "paas.example.com", ssh: { privateKeyPath: "~/.ssh/id_rsa", bastionHostKey: RSA_2048 } }),
    ["ssh.bastionHostKey: there is no bastion host", "bastionHost"],
  ),
];

const cidrs: BadInputCase[] = [
  c('"0.0.0.0/00"', (s) => micro(s, { sshSourceCidrs: ["0.0.0.0/00"] }), [
    'sshSourceCidrs[0]: "0.0.0.0/00" is not a CIDR',
  ]),
  c("IPv4 host bits set", (s) => micro(s, { sshSourceCidrs: ["10.1.2.3/8"] }), [
    'sshSourceCidrs[0]: "10.1.2.3/8" has host bits set',
    '"10.1.2.3/32"',
    '"10.0.0.0/8"',
  ]),
  c(
    "IPv6 host bits set",
    (s) => new StackatoSecurityGroups(s, "Groups", { ipv6: true, sshSourceCidrs: ["2001:db8::1/32"] }),
    ['"2001:db8::1/32" has host bits set', '"2001:db8::1/128"', '"2001:db8::/32"'],
  ),
  c("octet above 255", (s) => micro(s, { sshSourceCidrs: ["10.0.0.300/8"] }), [
    'sshSourceCidrs[0]: "10.0.0.300/8" is not a CIDR',
  ]),
  c("prefix above 32", (s) => micro(s, { sshSourceCidrs: ["10.0.0.0/33"] }), ['"10.0.0.0/33" is not a CIDR']),
  c("empty CIDR", (s) => micro(s, { sshSourceCidrs: [""] }), ["sshSourceCidrs[0]: CIDR is empty"]),
  c("octal-looking octet", (s) => micro(s, { sshSourceCidrs: ["010.0.0.0/8"] }), ['"010.0.0.0/8" is not a CIDR']),
  c(
    "address without prefix",
    (s) =>
      new StackatoSecurityGroups(s, "Groups", { sshSourceCidrs: ["203.0.113.0/24"], webSourceCidrs: ["198.51.100.7"] }),
    ['webSourceCidrs[0]: "198.51.100.7" is not a CIDR', "198.51.100.7/32"],
  ),
  c("cluster sshSourceCidrs host bits", (s) => clusterWithDeas(s, { sshSourceCidrs: ["192.0.2.77/24"] }), [
    'sshSourceCidrs[0]: "192.0.2.77/24" has host bits set',
    '"192.0.2.0/24"',
  ]),
  c("empty sshSourceCidrs", (s) => micro(s, { sshSourceCidrs: [] }), ["sshSourceCidrs: the list is empty"]),
];

const externalDatabase: BadInputCase[] = [
  c(
    "external DB host not a hostname",
    (s) => clusterWithDeas(s).addDataServices({ externalMysql: db(s, { host: "db host!" }) }),
    ['addDataServices.externalMysql.host: "db host!" is not a hostname or IP address', "db.example.com"],
  ),
  c(
    "external DB host with a scheme",
    (s) => clusterWithDeas(s).addDataServices({ externalPostgresql: db(s, { host: "postgres://db.example.com" }) }),
    ['externalPostgresql.host: "postgres://db.example.com" is not a hostname'],
  ),
  c(
    "external DB user with a space",
    (s) => clusterWithDeas(s).addDataServices({ externalMysql: db(s, { user: "stack ato" }) }),
    ['addDataServices.externalMysql.user: "stack ato" holds whitespace'],
  ),
  c(
    "literal prefix joined to a token password",
    (s) => clusterWithDeas(s).addDataServices({ externalMysql: db(s, { password: "hunter2" + sensitive(s, "pw") }) }),
    ["addDataServices.externalMysql.password: mixes literal text with a reference", "cdk.tf.json", "whole password"],
  ),
  c("literal password", (s) => clusterWithDeas(s).addDataServices({ externalMysql: db(s, { password: "hunter2" }) }), [
    "addDataServices.externalMysql.password: a literal password would be written into cdk.tf.json",
  ]),
];

const versionsAndDomains: BadInputCase[] = [
  c('stackatoVersion "banana"', (s) => clusterWithDeas(s, { stackatoVersion: "banana" }), [
    'stackatoVersion: "banana" is not a Stackato release',
    '"3.6.2"',
  ]),
  c("stackatoVersion 2.x", (s) => clusterWithDeas(s, { stackatoVersion: "2.10.6" }), [
    'stackatoVersion: "2.10.6" is a Stackato 2.x release',
    "use a Stackato 3.x image",
  ]),
  c("stackatoVersion empty", (s) => clusterWithDeas(s, { stackatoVersion: "" }), [
    'stackatoVersion: "" is not a Stackato release',
  ]),
  c('image version "banana"', (s) => image(s, { sourceUrl: "https://example.com/s.img", version: "banana" }), [
    'version: "banana" is not a Stackato release',
  ]),
  c("domain with one label", (s) => clusterWithDeas(s, { domain: "localhost" }), [
    'domain: "localhost" is not a hostname',
  ]),
  c("domain with a numeric last label", (s) => clusterWithDeas(s, { domain: "paas.example.123" }), [
    'domain: "paas.example.123" is not a hostname',
  ]),
  c(
    "cluster name from a Terraform variable",
    (s) => clusterWithDeas(s, { name: new TerraformVariable(s, "name", { type: "string" }).stringValue }),
    ["name: a Terraform reference cannot be this name", "give the name itself"],
  ),
  c(
    "micro cloud name from a Terraform variable",
    (s) => micro(s, { name: new TerraformVariable(s, "name", { type: "string" }).stringValue }),
    ["name: a Terraform reference cannot be this name", "output and variable names"],
  ),
  c(
    "micro cloud domain with a space",
    (s) => micro(s, { domain: "bad domain.com", ssh: { privateKeyPath: "~/.ssh/id_rsa" } }),
    ['domain: "bad domain.com" is not a hostname'],
  ),
];

/** Props that synth must read as text: a Terraform reference is refused with the reason. */
const referencesRefused: BadInputCase[] = [
  c(
    "NodeVolume label from a Terraform variable",
    (s) => {
      const node = clusterWithDeas(s).core;
      new NodeVolume(s, "Volume", { node, volumeName: "extra", label: variable(s, "label") });
    },
    ["label: a Terraform reference cannot be the label", "give the label itself"],
  ),
  c(
    "NodeVolume mountPoint from a Terraform variable",
    (s) => {
      const node = clusterWithDeas(s).core;
      new NodeVolume(s, "Volume", { node, volumeName: "extra", label: "extra", mountPoint: variable(s, "mp") });
    },
    ["mountPoint: a Terraform reference cannot be the mount point", "give the path itself"],
  ),
  c("a role from a Terraform variable", (s) => clusterWithDeas(s).addDeas({ extraRoles: [variable(s, "role")] }), [
    "addDeas(extraRoles): a Terraform reference cannot be a role",
    "give the role's name",
  ]),
  c(
    "data-services roles from a Terraform variable",
    (s) => clusterWithDeas(s).addDataServices({ roles: [variable(s, "role")] }),
    ["addDataServices(roles): a Terraform reference cannot be a role", "give the role's name"],
  ),
  c("stackatoVersion from a Terraform variable", (s) => clusterWithDeas(s, { stackatoVersion: variable(s, "v") }), [
    "stackatoVersion: a Terraform reference cannot be the version",
    '"3.6.2"',
  ]),
];

const warnings: BadInputCase[] = [
  w(
    "external DB settings on zero data-services nodes",
    (s) =>
      clusterWithDeas(s, { sshSourceCidrs: ["203.0.113.0/24"] }).addDataServices({ count: 0, externalMysql: db(s) }),
    ["addDataServices.externalMysql: count is 0, so no node uses these settings"],
  ),
  w("a cluster with no DEA", (s) => cluster(s, { sshSourceCidrs: ["203.0.113.0/24"] }), [
    "roles: no node has the dea role, so the cluster cannot run applications",
    "addDeas()",
  ]),
  w(
    "ssh settings on a micro cloud without domain or licenseKey",
    (s) => micro(s, { ssh: { privateKeyPath: "~/.ssh/id_rsa" } }),
    ["ssh: only the rename and license steps log in, and they run only with domain or licenseKey"],
  ),
  w(
    "ssh settings on a cluster without provisioning",
    (s) => clusterWithDeas(s, { sshSourceCidrs: ["203.0.113.0/24"], provisioning: false }),
    ["ssh: provisioning is off, so nothing logs in"],
  ),
  w(
    "volume settings with withVolume: false",
    (s) =>
      clusterWithDeas(s, { sshSourceCidrs: ["203.0.113.0/24"] }).addDataServices({
        withVolume: false,
        volume: { sizeGb: 20 },
      }),
    ["addDataServices.volume: withVolume is false, so no volume uses these settings"],
  ),
  w("SSH open to the world by default", (s) => micro(s, { sshSourceCidrs: undefined }), [
    "sshSourceCidrs: SSH (port 22) is open to the whole internet (0.0.0.0/0)",
    'sshSourceCidrs: ["203.0.113.0/24"]',
  ]),
  w("SSH explicitly open to the world", (s) => clusterWithDeas(s, { sshSourceCidrs: ["0.0.0.0/0"] }), [
    "sshSourceCidrs: SSH (port 22) is open to the whole internet",
  ]),
  w(
    "SSH open to all of IPv6",
    (s) => new StackatoSecurityGroups(s, "Groups", { ipv6: true, sshSourceCidrs: ["203.0.113.0/24", "::/0"] }),
    ["open to the whole internet (::/0)"],
  ),
  w(
    "ssh-agent authentication without pinned host keys",
    (s) => clusterWithDeas(s, { sshSourceCidrs: ["203.0.113.0/24"], ssh: { useSshAgent: true } }),
    ["ssh.useSshAgent: Terraform forwards your ssh-agent to every node it provisions", "privateKeyPath", "hostKeys"],
  ),
];

/** A plain (not sensitive) string variable's reference. */
function variable(scope: Construct, id: string): string {
  return new TerraformVariable(scope, id, { type: "string" }).stringValue;
}

export const BAD_INPUT_CASES: BadInputCase[] = [
  ...blankStrings,
  ...numbers,
  ...names,
  ...duplicates,
  ...conflicts,
  ...sshKeys,
  ...cidrs,
  ...externalDatabase,
  ...versionsAndDomains,
  ...referencesRefused,
  ...warnings,
];
