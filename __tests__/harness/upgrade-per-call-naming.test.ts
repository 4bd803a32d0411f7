/**
 * A cluster made by the release before per-call node names (02e32fa, the parent of 07f282a), with two
 * addControllers() and two addDeas() calls: then a later call's nodes continued the first call's
 * numbers (stackato-controller-2, stackato-dea-3). Its synthesized JSON (provisioners left out) is in
 * __tests__/fixtures; it is applied to the fake cloud, and the same cluster from this release is
 * planned against that state. Every server and port stays (no replacement, no destroy), so every node
 * keeps its fixed address and its place in the cluster; the later calls' servers are renamed in place
 * (Nova's name only); the second controller call's sshfs step, whose construct id holds the node's
 * name, runs again (it is idempotent); the memberships are created, which runs nothing.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import {
  applyStackDir,
  describeWithTerraform,
  isolateState,
  runTerraform,
  stripProvisioners,
} from "cdktf-stackato-openstack-harness";
import { StackatoCluster, StackatoImage } from "../../lib";
import { OpenstackProvider } from "../../lib/openstack";

const FIXTURE = path.join(__dirname, "..", "fixtures", "two-calls-before-per-call-naming.tf.json");

interface ResourceChange {
  address: string;
  type: string;
  change: { actions: string[]; before: Record<string, any> | null; after: Record<string, any> | null };
}

/** The fixture's cluster, as this release builds it. */
function synthToday(outdir: string): string {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "cluster");
  new OpenstackProvider(stack, "openstack", {});
  const cluster = new StackatoCluster(stack, "Cluster", {
    domain: "paas.example.com",
    image: new StackatoImage(stack, "Image", { existingImageName: "Stackato-3.6.2" }),
    keyName: "ops",
    networkName: "private",
    floatingIpPool: "public",
    ssh: { privateKeyPath: "~/.ssh/id_rsa" },
  });
  cluster.addControllers({ count: 1 });
  cluster.addControllers({ count: 1 });
  cluster.addSharedDropletVolume();
  cluster.addDeas({ count: 2 });
  cluster.addDeas({ count: 1 });
  app.synth();
  return path.join(outdir, "stacks", "cluster", "cdk.tf.json");
}

describeWithTerraform("upgrading a cluster made before per-call node names", () => {
  let workDir = "";
  let changes: ResourceChange[] = [];
  let addressesBefore: Record<string, string> = {};

  beforeAll(async () => {
    const before = fs.mkdtempSync(path.join(os.tmpdir(), "upgrade-naming-"));
    fs.copyFileSync(FIXTURE, path.join(before, "cdk.tf.json"));
    const applied = await applyStackDir(before);
    fs.rmSync(before, { recursive: true, force: true });
    workDir = applied.workDir;
    if (!applied.ok) throw new Error(`apply of the old cluster failed: ${applied.diagnostics.join("\n")}`);
    const state = JSON.parse(fs.readFileSync(path.join(workDir, "terraform.tfstate"), "utf8"));
    addressesBefore = Object.fromEntries(
      state.resources
        .filter((r: any) => r.type === "openstack_networking_port_v2")
        .map((r: any) => [r.name, r.instances[0].attributes.all_fixed_ips[0]]),
    );
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "upgrade-naming-synth-"));
    const file = path.join(workDir, "cdk.tf.json");
    fs.copyFileSync(synthToday(out), file);
    fs.rmSync(out, { recursive: true, force: true });
    isolateState(file);
    stripProvisioners(file);
    const plan = await runTerraform(["plan", "-input=false", "-lock=false", "-no-color", "-out=next.tfplan"], workDir);
    if (plan.code !== 0) throw new Error(`plan failed: ${plan.stderr}`);
    const show = await runTerraform(["show", "-json", "next.tfplan"], workDir);
    changes = (JSON.parse(show.stdout) as { resource_changes: ResourceChange[] }).resource_changes;
  }, 240000);

  afterAll(() => {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  // The eight all-TCP/all-UDP rules now declare no port range: a state of the offline harness replaces them
  // once, a real Neutron plans them clean (upgrade-day2.test says why). Nothing else of theirs is at stake here.
  const acting = () =>
    changes.filter(
      (c) =>
        !(c.change.actions.length === 1 && c.change.actions[0] === "no-op") &&
        !(c.type === "openstack_networking_secgroup_rule_v2" && /(tcp|udp)1-65535/.test(c.address)),
    );
  const strip = (address: string) => address.replace(/_[0-9A-F]{8}(?=$|\[)/, "");

  test("no server, port, volume or floating IP is replaced or destroyed: every node keeps its address", () => {
    const openstack = acting().filter((c) => c.type.startsWith("openstack_"));
    expect(openstack.filter((c) => c.change.actions.includes("delete"))).toEqual([]);
    const ports = changes.filter((c) => c.type === "openstack_networking_port_v2");
    expect(ports).toHaveLength(6);
    for (const port of ports) {
      expect([port.address, port.change.after?.all_fixed_ips?.[0]]).toEqual([
        port.address,
        addressesBefore[port.address.split(".")[1]],
      ]);
    }
  });

  test("only the later calls' servers and ports are renamed, in place", () => {
    const renamed = acting()
      .filter((c) => c.type.startsWith("openstack_"))
      .map((c) => [strip(c.address), c.change.actions.join("+"), c.change.before?.name, c.change.after?.name]);
    expect(renamed.sort()).toEqual(
      [
        [
          "openstack_compute_instance_v2.Cluster_Controllers2_Node1_Server_Instance",
          "update",
          "stackato-controller-2",
          "stackato-controller2-1",
        ],
        [
          "openstack_compute_instance_v2.Cluster_Deas2_Node1_Server_Instance",
          "update",
          "stackato-dea-3",
          "stackato-dea2-1",
        ],
        [
          "openstack_networking_port_v2.Cluster_Controllers2_Node1_Server_Port",
          "update",
          "stackato-controller-2-port",
          "stackato-controller2-1-port",
        ],
        [
          "openstack_networking_port_v2.Cluster_Deas2_Node1_Server_Port",
          "update",
          "stackato-dea-3-port",
          "stackato-dea2-1-port",
        ],
      ].sort(),
    );
  });

  test("no step re-runs but the second controller call's sshfs mount (its construct id holds the name); the memberships are new", () => {
    const steps = acting().filter((c) => c.type === "null_resource");
    expect(steps.map((c) => [strip(c.address), c.change.actions.join("+")]).sort()).toEqual(
      [
        ["null_resource.Cluster_SharedDroplets_Sshfs-stackato-controller-2", "delete"],
        ["null_resource.Cluster_SharedDroplets_Sshfs-stackato-controller2-1", "create"],
      ].sort(),
    );
    const memberships = acting().filter((c) => c.type === "terraform_data");
    expect(memberships.every((c) => c.change.actions.join() === "create")).toBe(true);
    expect(memberships.map((c) => c.address.replace(/_[0-9A-F]{8}\[/, "[")).sort()).toEqual(
      ["stackato-controller-1", "stackato-controller2-1", "stackato-dea-1", "stackato-dea-2", "stackato-dea2-1"]
        .map((n) => `terraform_data.Cluster_Membership["${n}"]`)
        .sort(),
    );
  });
});
