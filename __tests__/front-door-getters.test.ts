import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { StackatoCluster, StackatoImage } from "../lib";
import { OpenstackProvider } from "../lib/openstack";

/**
 * A cluster's floating IPs go to its front door, which later addXxx() calls move (routers, then a
 * load balancer, take over from the core). A getter read before such a move would name a floating
 * IP that is no longer in the configuration.
 */
function cluster(stack: TerraformStack): StackatoCluster {
  new OpenstackProvider(stack, "openstack", {});
  return new StackatoCluster(stack, "Cluster", {
    domain: "paas.example.com",
    image: new StackatoImage(stack, "Image", { existingImageName: "Stackato-3.6.2" }),
    keyName: "ops",
    networkName: "private",
    floatingIpPool: "public",
    provisioning: false,
  });
}

function synthErrors(stack: TerraformStack): string {
  try {
    Testing.synth(stack, true);
    return "";
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

describe("getters of a node whose floating IP a later call moves", () => {
  test.each([
    ["publicIp", (c: StackatoCluster) => c.core.publicIp!],
    ["sshHost", (c: StackatoCluster) => c.core.sshHost],
    ["floatingIp", (c: StackatoCluster) => c.core.floatingIp!.address],
  ])("core.%s read before addRouters() is refused at synth, naming the getter and the fix", (getter, read) => {
    const stack = new TerraformStack(Testing.app(), "test");
    const c = cluster(stack);
    new TerraformOutput(stack, "address", { value: read(c) });
    c.addRouters();
    c.addDeas();
    const errors = synthErrors(stack);
    expect(errors).toContain(`${getter}: read while test/Cluster/Core/Server was the cluster's front door`);
    expect(errors).toContain("read it after the last addRouters() or addLoadBalancer() call");
  });

  test("read after the last call, the same getter names the floating IP that exists", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const c = cluster(stack);
    const [router] = c.addRouters();
    c.addDeas();
    new TerraformOutput(stack, "address", { value: router.server.publicIp! });
    const json = JSON.parse(Testing.synth(stack, true)) as {
      output: Record<string, { value: string }>;
      resource: Record<string, Record<string, unknown>>;
    };
    const [, name] = /openstack_networking_floatingip_v2\.([^.]+)\.address/.exec(json.output.address.value)!;
    expect(Object.keys(json.resource.openstack_networking_floatingip_v2)).toContain(name);
  });
});
