/**
 * Moving a whole cluster to another construct path without one hand-written `moved` block per
 * resource: the review sees no destroy, and Terraform's own plan against the old state has nothing to do.
 */
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describeWithTerraform } from "cdktf-stackato-openstack-harness";
import { allowDestroy, applyStackDir, destroyWorkDir } from "cdktf-stackato-openstack-harness/terraform";
import { ConstructMove, StackatoCluster, StackatoImage } from "../lib";
import { OpenstackProvider } from "../lib/openstack";
import { review } from "cdktf-stackato-openstack-review/review";
import { planAgainstState } from "cdktf-stackato-openstack-review/state-plan";
import { testCluster } from "./support/test-cluster";

/** The same cluster at "Cluster" (base) or at "Platform/Paas" with ConstructMove (head). */
function synthCluster(moved: boolean, callMove = moved): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "construct-move-"));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "paas");
  new OpenstackProvider(stack, "openstack", {});
  const image = new StackatoImage(stack, "Image", { existingImageName: "Stackato-3.6.2" });
  const cluster = testCluster(
    moved ? new Construct(stack, "Platform") : stack,
    { name: "paas", image, floatingIpPool: "public", ssh: { privateKeyPath: "~/.ssh/id_rsa" } },
    moved ? "Paas" : "Cluster",
  );
  cluster.addControllers({ count: 1 });
  cluster.addSharedDropletVolume();
  cluster.addDeas({ count: 2 });
  cluster.addDataServices();
  if (callMove) ConstructMove.fromPath(cluster, "Cluster");
  app.synth();
  return outdir;
}

test("without the move, the review sees every resource destroyed (and fails); with it, only moves", () => {
  const base = synthCluster(false);
  const unmoved = review({ base, head: synthCluster(true, false) });
  expect(unmoved.exitCode).toBe(1);
  const moved = review({ base, head: synthCluster(true) });
  expect(moved.blocking).toEqual([]);
  expect(moved.exitCode).toBe(0);
  expect(moved.destroys).toBe(0);
  expect(moved.hasChanges).toBe(false);
  expect(moved.markdown).toContain("**Moved** by `moved` blocks");
});

test("a resource added after the call is refused at synth, naming the fix", () => {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "construct-move-")) });
  const stack = new TerraformStack(app, "paas");
  new OpenstackProvider(stack, "openstack", {});
  const cluster = new StackatoCluster(stack, "Paas", {
    domain: "paas.example.com",
    image: new StackatoImage(stack, "Image", { existingImageName: "Stackato-3.6.2" }),
    keyName: "ops",
    networkName: "private",
    ssh: { privateKeyPath: "~/.ssh/id_rsa" },
  });
  ConstructMove.fromPath(cluster, "Cluster");
  cluster.addDeas();
  expect(() => app.synth()).toThrow(
    /ConstructMove\.fromPath: .* was added after the call, .*after the last addXxx\(\)/,
  );
});

describeWithTerraform("ConstructMove against Terraform", () => {
  test("Terraform's plan of the moved cluster against the old state: no changes", async () => {
    const base = synthCluster(false);
    const applied = await applyStackDir(path.join(base, "stacks", "paas"), { provisioners: false });
    try {
      expect(applied.diagnostics).toEqual([]);
      const planned = await planAgainstState(synthCluster(true), path.join(applied.workDir, "terraform.tfstate"));
      expect(planned.refused).toEqual([]);
      expect(planned.markdown).toContain("**No changes.**");
      expect(planned.destroys).toBe(0);
    } finally {
      allowDestroy(applied.workDir);
      await destroyWorkDir(applied.workDir);
      fs.rmSync(applied.workDir, { recursive: true, force: true });
    }
  });
});
