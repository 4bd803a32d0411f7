/**
 * `review --state`: Terraform's own plan of a head synth against the state an apply left, offline.
 * The state comes from applying the base synth to the harness's fake cloud.
 */
import * as fs from "fs";
import * as path from "path";
import { describeWithTerraform } from "cdktf-stackato-openstack-harness";
import { applyStackDir, destroyWorkDir, allowDestroy } from "cdktf-stackato-openstack-harness/terraform";
import { main } from "cdktf-stackato-openstack-review/cli";
import { planAgainstState } from "cdktf-stackato-openstack-review/state-plan";
import { review } from "cdktf-stackato-openstack-review/review";
import { loadStacks } from "cdktf-stackato-openstack-review/stack-config";
import { synthClusterVariant } from "../support/review-pairs";

describeWithTerraform("review --state", () => {
  let stateFile: string;
  let workDir: string;

  beforeAll(async () => {
    const base = synthClusterVariant();
    const applied = await applyStackDir(path.join(base, "stacks", "cluster"), { provisioners: false });
    workDir = applied.workDir;
    expect(applied.diagnostics).toEqual([]);
    expect(applied.ok).toBe(true);
    stateFile = path.join(workDir, "terraform.tfstate");
  });

  afterAll(async () => {
    if (!workDir) return;
    allowDestroy(workDir);
    await destroyWorkDir(workDir);
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  test("more DEAs: Terraform's own count, only additions", async () => {
    const planned = await planAgainstState(synthClusterVariant({ deaCount: 4 }), stateFile, "cluster");
    expect(planned.blocked).toBe(false);
    // Per DEA: port, instance, attach step, and its membership (the instance that removes it on scale-in).
    expect(planned.markdown).toContain("**Plan: 8 to add, 0 to change, 0 to destroy.**");
    expect(planned.markdown).toMatch(/\| `null_resource\.Cluster_Deas_Node3_Attach_\w+` \| create \|/);
    expect(planned.changes).toBe(8);
    expect(planned.destroys).toBe(0);
  });

  test("a new flavor for the DEAs is an update in place; a changed trigger is a replacement", async () => {
    const planned = await planAgainstState(synthClusterVariant({ deaFlavorName: "m1.xlarge" }), stateFile, "cluster");
    expect(planned.markdown).toContain("**Plan: 0 to add, 2 to change, 0 to destroy.**");
    const domainChanged = synthClusterVariant();
    const file = path.join(domainChanged, "stacks", "cluster", "cdk.tf.json");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/"extra_roles": ""/, '"extra_roles": "filesystem"'));
    const replaced = await planAgainstState(domainChanged, stateFile, "cluster");
    expect(replaced.markdown).toMatch(/\| `null_resource\.Cluster_Core_Setup_\w+` \| replace \| `triggers` \|/);
    expect(replaced.markdown).toContain("**Plan: 1 to add, 0 to change, 1 to destroy.**");
  });

  test("a renamed protected volume: Terraform would destroy it (its prevent_destroy left with its block), so the review blocks", async () => {
    const planned = await planAgainstState(synthClusterVariant({ logsVolumeId: "AppLogs" }), stateFile, "cluster");
    expect(planned.blocked).toBe(true);
    expect(planned.markdown).toContain("> [!CAUTION]");
    expect(planned.markdown).toMatch(/> - `openstack_blockstorage_volume_v3\.Logs_Volume_\w+`/);
    // The volume, its attachment and its mount step (the cluster mounts a NodeVolume made on its node).
    expect(planned.markdown).toContain("**Plan: 3 to add, 0 to change, 3 to destroy.**");
  });

  test("a renamed volume with moveFromId(): Terraform moves it, and the review counts the same destroys and passes", async () => {
    const base = synthClusterVariant();
    const oldAddress = [...loadStacks(base)[0].resources.keys()].find((a) =>
      a.startsWith("openstack_blockstorage_volume_v3.Logs_Volume_"),
    )!;
    const head = synthClusterVariant({ logsVolumeId: "AppLogs", logsVolumeMovedFrom: oldAddress });
    const planned = await planAgainstState(head, stateFile, "cluster");
    expect(planned.blocked).toBe(false);
    expect(planned.refused).toEqual([]);
    const reviewed = review({ base, head });
    expect(reviewed.blocking).toEqual([]);
    expect(reviewed.exitCode).toBe(0);
    expect(reviewed.destroys).toBe(planned.destroys);
    expect(planned.markdown).not.toMatch(/\| `openstack_blockstorage_volume_v3\.\w+` \|/);
  });

  test("a protected volume that would be replaced in place: Terraform itself refuses, and the review blocks", async () => {
    const head = synthClusterVariant();
    const file = path.join(head, "stacks", "cluster", "cdk.tf.json");
    const config = JSON.parse(fs.readFileSync(file, "utf8"));
    const [name] = Object.keys(config.resource.openstack_blockstorage_volume_v3).filter((n) => n.startsWith("Logs_"));
    config.resource.openstack_blockstorage_volume_v3[name].availability_zone = "nova-2"; // ForceNew
    fs.writeFileSync(file, JSON.stringify(config));
    const planned = await planAgainstState(head, stateFile, "cluster");
    expect(planned.blocked).toBe(true);
    expect(planned.markdown).toContain("Terraform refused to plan: a protected resource would be destroyed");
    expect(planned.markdown).toMatch(/prevent_destroy/);
  });

  test("data sources keep the state's values: a real image id in the state shows no change", async () => {
    const state = JSON.parse(fs.readFileSync(stateFile, "utf8"));
    const image = state.resources.find((r: any) => r.mode === "data" && r.type === "openstack_images_image_v2");
    expect(image).toBeDefined();
    const fakeId = image.instances[0].attributes.id as string;
    const realState = path.join(workDir, "real.tfstate");
    fs.writeFileSync(realState, JSON.stringify(state).split(fakeId).join("0f5bd7a1-real-image-id"));
    const planned = await planAgainstState(synthClusterVariant(), realState, "cluster");
    expect(planned.markdown).toContain("**No changes.**");
    expect(planned.changes).toBe(0);
  });

  test("through the CLI: the plan follows the review, and $GITHUB_OUTPUT says what the plan says", async () => {
    const output = path.join(workDir, "github-output");
    const previous = process.env.GITHUB_OUTPUT;
    process.env.GITHUB_OUTPUT = output;
    let stdout = "";
    try {
      const head = synthClusterVariant({ deaCount: 3 });
      const code = await main(
        ["review", "--head", head, "--stack", "cluster", "--state", stateFile],
        (t) => (stdout += t),
      );
      expect(code).toBe(0);
    } finally {
      if (previous === undefined) delete process.env.GITHUB_OUTPUT;
      else process.env.GITHUB_OUTPUT = previous;
    }
    expect(stdout.indexOf("## Stack `cluster`")).toBeLessThan(stdout.indexOf("### Terraform plan of `cluster`"));
    expect(stdout).toContain("**Plan: 4 to add, 0 to change, 0 to destroy.**");
    expect(fs.readFileSync(output, "utf8")).toBe("has_changes=true\ndestroys=0\nblocked=false\n");
  });
});
