/**
 * Replacements through real Terraform: apply a small stack to the fake cloud, change it, and read
 * `terraform show -json` of the next plan. A forceNew change (from provider-schemas/force-new.json)
 * must plan a replacement with its replace_paths; any other change an update in place.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  applyStackDir,
  describeWithTerraform,
  managedResourcesInState,
  planWorkDir,
  runTerraform,
} from "cdktf-stackato-openstack-harness";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

const BASE: Resources = {
  openstack_blockstorage_volume_v3: {
    data: { name: "data", size: 10, description: "first", availability_zone: "nova" },
  },
  openstack_compute_instance_v2: {
    vm: {
      name: "vm",
      block_device: [
        { source_type: "image", uuid: "img-1", destination_type: "volume", volume_size: 10, boot_index: 0 },
      ],
    },
  },
  null_resource: { marker: { triggers: { version: "1" } } },
};

function configWith(resource: Resources): unknown {
  return {
    terraform: {
      required_providers: {
        openstack: { source: "terraform-provider-openstack/openstack", version: "3.4.0" },
        null: { source: "hashicorp/null", version: "3.3.1" },
      },
    },
    provider: { openstack: [{}] },
    resource,
  };
}

/** BASE with some arguments of some resources replaced: { "openstack_x.name": { arg: value } }. */
function changed(edits: Record<string, Record<string, unknown>>): Resources {
  const resources = JSON.parse(JSON.stringify(BASE)) as Resources;
  for (const [address, args] of Object.entries(edits)) {
    const [type, name] = address.split(".");
    Object.assign(resources[type][name], args);
  }
  return resources;
}

interface ResourceChange {
  address: string;
  change: { actions: string[]; replace_paths?: unknown[][]; after_unknown?: Record<string, unknown> };
}

/** Plans `resources` in the applied directory and returns the plan's resource changes by address. */
async function planChanges(workDir: string, resources: Resources): Promise<Record<string, ResourceChange["change"]>> {
  fs.writeFileSync(path.join(workDir, "cdk.tf.json"), JSON.stringify(configWith(resources), null, 2));
  const plan = await runTerraform(["plan", "-input=false", "-lock=false", "-no-color", "-out=next.tfplan"], workDir);
  if (plan.code !== 0) throw new Error(`terraform plan failed: ${plan.stderr}`);
  const show = await runTerraform(["show", "-json", "next.tfplan"], workDir);
  if (show.code !== 0) throw new Error(`terraform show failed: ${show.stderr}`);
  const changes = (JSON.parse(show.stdout) as { resource_changes: ResourceChange[] }).resource_changes;
  return Object.fromEntries(changes.map((c) => [c.address, c.change]));
}

describeWithTerraform("replacements in a real plan against the fake cloud", () => {
  let workDir = "";

  beforeAll(async () => {
    const stackDir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-force-new-"));
    fs.writeFileSync(path.join(stackDir, "cdk.tf.json"), JSON.stringify(configWith(BASE), null, 2));
    const applied = await applyStackDir(stackDir);
    fs.rmSync(stackDir, { recursive: true, force: true });
    workDir = applied.workDir;
    if (!applied.ok) throw new Error(`apply failed: ${applied.diagnostics.join("\n")}`);
  });

  afterAll(() => {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  test("the applied stack plans no changes", async () => {
    expect((await planWorkDir(workDir)).changes).toBe(0);
  });

  test("a forceNew attribute and a trigger change plan replacements with their replace_paths", async () => {
    const changes = await planChanges(
      workDir,
      changed({
        "openstack_blockstorage_volume_v3.data": { availability_zone: "nova-2" },
        "null_resource.marker": { triggers: { version: "2" } },
      }),
    );
    const volume = changes["openstack_blockstorage_volume_v3.data"];
    expect(volume.actions).toEqual(["delete", "create"]);
    expect(volume.replace_paths).toEqual([["availability_zone"]]);
    // Terraform planned the new object as a create (null prior): its id is not known yet.
    expect(volume.after_unknown).toMatchObject({ id: true });
    const marker = changes["null_resource.marker"];
    expect(marker.actions).toEqual(["delete", "create"]);
    expect(marker.replace_paths).toEqual([["triggers"]]);
    expect(changes["openstack_compute_instance_v2.vm"].actions).toEqual(["no-op"]);
  });

  test("a forceNew field of a list block is reported with its element index", async () => {
    const device = { source_type: "image", uuid: "img-1", destination_type: "volume", volume_size: 20, boot_index: 0 };
    const changes = await planChanges(
      workDir,
      changed({ "openstack_compute_instance_v2.vm": { block_device: [device] } }),
    );
    const vm = changes["openstack_compute_instance_v2.vm"];
    expect(vm.actions).toEqual(["delete", "create"]);
    expect(vm.replace_paths).toEqual([["block_device", 0, "volume_size"]]);
  });

  test("changes of in-place attributes plan updates", async () => {
    const changes = await planChanges(
      workDir,
      changed({ "openstack_blockstorage_volume_v3.data": { description: "second", size: 20 } }),
    );
    const volume = changes["openstack_blockstorage_volume_v3.data"];
    expect(volume.actions).toEqual(["update"]);
    expect(volume.replace_paths).toBeUndefined();
    expect(changes["null_resource.marker"].actions).toEqual(["no-op"]);
  });

  test("applying a replacement gives a new object, and then nothing is left to change", async () => {
    const before = managedResourcesInState(workDir).find((r) => r.name === "data")!.attributes.id;
    fs.writeFileSync(
      path.join(workDir, "cdk.tf.json"),
      JSON.stringify(configWith(changed({ "openstack_blockstorage_volume_v3.data": { availability_zone: "nova-2" } }))),
    );
    const apply = await runTerraform(["apply", "-auto-approve", "-input=false", "-lock=false", "-no-color"], workDir);
    expect(apply.stderr).toBe("");
    expect(apply.stdout).toContain("1 added, 0 changed, 1 destroyed");
    const after = managedResourcesInState(workDir).find((r) => r.name === "data")!.attributes.id;
    expect(after).not.toBe(before);
    expect((await planWorkDir(workDir)).changes).toBe(0);
  });
});
