/**
 * A cluster made by the release before the cluster memberships, which scale a cluster in and keep the
 * load balancer's pool (its synthesized example, provisioners left out, in __tests__/fixtures), is
 * applied to the fake cloud; then this release's example is planned against that state. Nothing may be
 * renamed, replaced or destroyed but what the README says changes once: the memberships are created (no kato call: they only act when destroyed), and the load balancer's setup
 * step re-runs with the explicit router list.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { ClusterStack, clusterSettingsFromEnv } from "../../examples";
import {
  applyStackDir,
  describeWithTerraform,
  isolateState,
  runTerraform,
  stripProvisioners,
} from "cdktf-stackato-openstack-harness";

const FIXTURE = path.join(__dirname, "..", "fixtures", "cluster-example-before-issue-16.tf.json");

interface ResourceChange {
  address: string;
  type: string;
  change: { actions: string[]; before: Record<string, unknown> | null; after: Record<string, unknown> | null };
}

describeWithTerraform("upgrading a cluster made by the release before issue 16", () => {
  let workDir = "";
  let changes: ResourceChange[] = [];

  beforeAll(async () => {
    const before = fs.mkdtempSync(path.join(os.tmpdir(), "upgrade-day2-"));
    fs.copyFileSync(FIXTURE, path.join(before, "cdk.tf.json"));
    const applied = await applyStackDir(before);
    fs.rmSync(before, { recursive: true, force: true });
    workDir = applied.workDir;
    if (!applied.ok) throw new Error(`apply of the old cluster failed: ${applied.diagnostics.join("\n")}`);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "upgrade-day2-synth-"));
    const app = new App({ outdir: out });
    new ClusterStack(app, "cluster", clusterSettingsFromEnv({}));
    app.synth();
    const file = path.join(workDir, "cdk.tf.json");
    fs.copyFileSync(path.join(out, "stacks", "cluster", "cdk.tf.json"), file);
    fs.rmSync(out, { recursive: true, force: true });
    isolateState(file);
    stripProvisioners(file);
    const plan = await runTerraform(["plan", "-input=false", "-lock=false", "-no-color", "-out=next.tfplan"], workDir);
    if (plan.code !== 0) throw new Error(`plan failed: ${plan.stderr}`);
    const show = await runTerraform(["show", "-json", "next.tfplan"], workDir);
    changes = (JSON.parse(show.stdout) as { resource_changes: ResourceChange[] }).resource_changes;
  });

  afterAll(() => {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  const acting = () => changes.filter((c) => !(c.change.actions.length === 1 && c.change.actions[0] === "no-op"));

  test("no server is renamed, replaced or destroyed, and nothing of OpenStack changes but the all-port rules", () => {
    const openstack = acting().filter((c) => c.type.startsWith("openstack_"));
    // The eight all-TCP/all-UDP rules now declare no port range. The fake cloud kept the old 1-65535 in its
    // state, so it plans them replaced; a real Neutron reports such a rule as 0-0 and the plan is clean
    // (npm run integration plans the applied cluster again and must see no changes).
    expect(openstack.map((c) => [c.type, c.change.actions.join("+")])).toEqual(
      Array(8).fill(["openstack_networking_secgroup_rule_v2", "delete+create"]),
    );
    expect(openstack.every((c) => /tcp1-65535|udp1-65535/.test(c.address))).toBe(true);
  });

  test("the memberships are created: one per node but the core, one per router behind the load balancer", () => {
    const created = acting().filter((c) => c.type === "terraform_data");
    expect(created.every((c) => c.change.actions.join() === "create")).toBe(true);
    expect(created.map((c) => c.address.replace(/_[0-9A-F]{8}\[/, "[")).sort()).toEqual(
      [
        ...[
          "stackato-controller-1",
          "stackato-controller-2",
          "stackato-data-1",
          "stackato-dea-1",
          "stackato-dea-2",
          "stackato-lb",
          "stackato-router-1",
          "stackato-router-2",
        ].map((n) => `terraform_data.Cluster_Membership["${n}"]`),
        'terraform_data.Cluster_LoadBalancerPool["stackato-router-1"]',
        'terraform_data.Cluster_LoadBalancerPool["stackato-router-2"]',
      ].sort(),
    );
  });

  test("only the load balancer's setup and the core's certificate install re-run", () => {
    const steps = acting().filter((c) => c.type === "null_resource");
    // InstallSsl gained the certificate's id as a trigger (a new domain's certificate reaches the core): once.
    expect(steps.map((c) => [c.address.replace(/_[0-9A-F]{8}$/, ""), c.change.actions])).toEqual([
      ["null_resource.Cluster_Core_InstallSsl", ["delete", "create"]],
      ["null_resource.Cluster_LoadBalancer_Setup", ["delete", "create"]],
    ]);
  });
});
