import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { Frontend, StackatoCluster, StackatoClusterProps, StackatoImage } from "../lib";
import { OpenstackProvider } from "../lib/openstack";

/**
 * The front door is chosen when the cluster is made (`frontend`), so a node is exposed or not from the
 * moment it exists: every address getter is final when read, whatever addXxx() calls follow.
 */
function cluster(stack: TerraformStack, props: Partial<StackatoClusterProps> = {}): StackatoCluster {
  new OpenstackProvider(stack, "openstack", {});
  return new StackatoCluster(stack, "Cluster", {
    domain: "paas.example.com",
    image: new StackatoImage(stack, "Image", { existingImageName: "Stackato-3.6.2" }),
    keyName: "ops",
    networkName: "private",
    floatingIpPool: "public",
    ssh: { useSshAgent: true },
    ...props,
  });
}

interface Json {
  output: Record<string, { value: string }>;
  resource: Record<string, Record<string, any>>;
}

/** Each output's value must name a floating IP resource that is in the configuration. */
function expectOutputsNameExistingFloatingIps(stack: TerraformStack): Json {
  const json = JSON.parse(Testing.synth(stack, true)) as Json;
  const fips = Object.keys(json.resource.openstack_networking_floatingip_v2);
  for (const [name, { value }] of Object.entries(json.output).filter(([n]) => n.startsWith("read_"))) {
    const [, id] = /openstack_networking_floatingip_v2\.([^.]+)\.address/.exec(value) ?? [];
    expect([name, fips.includes(id)]).toEqual([name, true]);
  }
  return json;
}

describe("getters of the front door are final when read", () => {
  test.each([
    ["Frontend.routers()", Frontend.routers({ count: 2 }), "Routers/Node1"],
    ["Frontend.loadBalancer()", Frontend.loadBalancer(), "LoadBalancer"],
  ])("with %s, addresses read right after the constructor survive every later call", (_name, frontend, front) => {
    const stack = new TerraformStack(Testing.app(), "test");
    const c = cluster(stack, { frontend });
    const node = c.exposedNodes[0].server;
    new TerraformOutput(stack, "read_public_ip", { value: node.publicIp! });
    new TerraformOutput(stack, "read_ssh_host", { value: node.sshHost });
    new TerraformOutput(stack, "read_floating_ip", { value: node.floatingIp!.address });
    new TerraformOutput(stack, "read_frontend_address", { value: c.frontendAddress });
    const coreHadNoAddress = c.core.publicIp === undefined && !c.core.hasFloatingIp;
    c.addRouters();
    c.addControllers({ count: 2 });
    c.addSharedDropletVolume();
    c.addDeas();
    const json = expectOutputsNameExistingFloatingIps(stack);
    expect(node.node.path).toBe(`test/Cluster/${front}/Server`);
    expect(coreHadNoAddress && c.core.publicIp === undefined).toBe(true);
    // The core is reached through the front door's first address, as read before the calls.
    const [, coreSetup] = Object.entries<any>(json.resource.null_resource).find(([id]) =>
      id.startsWith("Cluster_Core_Setup_"),
    )!;
    expect(coreSetup.connection.bastion_host).toBe(json.output.read_public_ip.value);
  });

  test("with Frontend.core() (the default), the core's address read before every call stays the core's", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const c = cluster(stack);
    new TerraformOutput(stack, "read_public_ip", { value: c.core.publicIp! });
    new TerraformOutput(stack, "read_ssh_host", { value: c.core.sshHost });
    c.addDeas({ count: 2 });
    c.addDataServices();
    expectOutputsNameExistingFloatingIps(stack);
    expect(c.exposedNodes.map((n) => n.name)).toEqual(["stackato-core"]);
  });

  test("no floating IP is ever built for a node that is not the front door (nothing is moved or removed)", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const c = cluster(stack, { frontend: Frontend.loadBalancer() });
    c.addRouters({ count: 2 });
    c.addDeas();
    const withFloatingIps = c.nodes.filter((n) => n.server.node.tryFindChild("FloatingIpAssociation"));
    expect(withFloatingIps.map((n) => n.name)).toEqual(["stackato-lb"]);
    expect(c.loadBalancer?.name).toBe("stackato-lb");
  });
});
