import { App, TerraformStack } from "cdktf";
import { Frontend, ServerGroupPolicy, StackatoCluster, StackatoImage, StackatoSecurityGroups } from "../lib";
import { OpenstackProvider } from "../lib/openstack";

// Synth cost is measured by `npm run bench`; these tests pin the work that made it grow: they count
// calls, never time.

function clusterStack(deas: number, beforeBuild: (stack: TerraformStack) => void = () => {}): TerraformStack {
  const stack = new TerraformStack(new App(), "cluster");
  beforeBuild(stack);
  new OpenstackProvider(stack, "openstack", {});
  const image = new StackatoImage(stack, "Image", { existingImageName: "Stackato-3.6.2" });
  const cluster = new StackatoCluster(stack, "Cluster", {
    domain: "paas.example.com",
    image,
    keyName: "stackato-admin",
    networkName: "private",
    floatingIpPool: "public",
    ssh: { useSshAgent: true },
    frontend: Frontend.loadBalancer(),
  });
  cluster.addControllers({ count: 2 });
  cluster.addSharedDropletVolume();
  cluster.addDeas({ count: deas, serverGroupPolicy: ServerGroupPolicy.SOFT_ANTI_AFFINITY });
  cluster.addRouters({ count: 2 });
  cluster.addDataServices();
  return stack;
}

/** Stack traces captured (cdktf records one for every token it creates) while `build` runs. */
function stackTracesDuring(build: () => void): number {
  const spy = jest.spyOn(Error, "captureStackTrace");
  try {
    build();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

describe("synth work", () => {
  test("the null provider is looked for once per stack, not once per provisioning step", () => {
    let walks = 0;
    const stack = clusterStack(10, (s) => {
      const findAll = s.node.findAll.bind(s.node);
      jest.spyOn(s.node, "findAll").mockImplementation((order) => {
        walks++;
        return findAll(order);
      });
    });
    expect(Object.keys((stack as any).toTerraform().resource.null_resource).length).toBeGreaterThan(15);
    expect(walks).toBe(1);
  });

  test("a security group's id is one token, however often it is read", () => {
    const stack = new TerraformStack(new App(), "groups");
    const groups = new StackatoSecurityGroups(stack, "Groups");
    expect(groups.internalGroupId).toBe(groups.internalGroupId);
    expect(groups.externalGroupId).toBe(groups.externalGroupId);
  });

  test("each DEA costs the same number of tokens in a small and a large cluster, building and synthesizing", () => {
    const traces = (deas: number) =>
      stackTracesDuring(() => {
        const stack = clusterStack(deas);
        (stack as any).toTerraform();
      });
    const base = traces(0);
    const perDeaSmall = (traces(5) - base) / 5;
    const perDeaLarge = (traces(40) - base) / 40;
    expect(perDeaLarge).toBe(perDeaSmall);
    // Per DEA: 14 in the generated port and instance classes (their nested-block lists), and 4
    // references, each made once: the port's id, its fixed IP (2: the list and element()), and the
    // instance's id. Late values, depends_on entries and group ids add none.
    expect(perDeaSmall).toBeLessThanOrEqual(PER_DEA_TRACE_BUDGET);
  });
});

// 19 since the attach step's core address is base64-encoded at apply (quoted at apply, never at synth): one token.
const PER_DEA_TRACE_BUDGET = 19;
