/**
 * The review of two versions of the cluster example, as a pull request would change it: what the
 * report says, what it flags, and the exit status the CI acts on.
 */
import { diffStacks, ResourceChange } from "cdktf-stackato-openstack-review/diff";
import { verdictFor } from "cdktf-stackato-openstack-review/force-new-table";
import { review } from "cdktf-stackato-openstack-review/review";
import { loadStacks } from "cdktf-stackato-openstack-review/stack-config";
import { synthClusterVariant } from "../support/review-pairs";

let base: string;
beforeAll(() => {
  base = synthClusterVariant();
});

function changesBetween(baseDir: string, headDir: string): ResourceChange[] {
  return diffStacks(loadStacks(baseDir)[0], loadStacks(headDir)[0]);
}

describe("first pair: a renamed volume construct id, a new public port, a changed DEA flavor", () => {
  let head: string;
  beforeAll(() => {
    head = synthClusterVariant({ logsVolumeId: "AppLogs", extraPublicPort: 8443, deaFlavorName: "m1.xlarge" });
  });

  test("the renamed volume is a destroy and a create, linked as a rename", () => {
    const changes = changesBetween(base, head);
    const destroyed = changes.filter((c) => c.type === "openstack_blockstorage_volume_v3" && c.action === "delete");
    const created = changes.filter((c) => c.type === "openstack_blockstorage_volume_v3" && c.action === "create");
    expect(destroyed.map((c) => c.address)).toEqual([
      expect.stringMatching(/^openstack_blockstorage_volume_v3\.Logs_Volume_/),
    ]);
    expect(destroyed[0].preventDestroy).toBe(true);
    expect(created.map((c) => c.address)).toEqual([
      expect.stringMatching(/^openstack_blockstorage_volume_v3\.AppLogs_Volume_/),
    ]);
    expect(created[0].renamedFrom).toBe(destroyed[0].address);
  });

  test("the protected volume's destroy fails the review, with a loud warning that says how to keep it", () => {
    const result = review({ base, head });
    expect(result.exitCode).toBe(1);
    expect(result.hasChanges).toBe(true);
    expect(result.blocking).toEqual([expect.stringContaining("Logs_Volume_")]);
    expect(result.markdown).toContain("> [!CAUTION]");
    expect(result.markdown).toMatch(
      /> - `openstack_blockstorage_volume_v3\.Logs_Volume_\w+` \(Logs\/Volume\) will be \*\*destroyed\*\*/,
    );
    expect(result.markdown).toContain('moveFromId("openstack_blockstorage_volume_v3.Logs_Volume_');
    expect(result.markdown).toContain("keep the old construct id");
  });

  test("--allow-destroy lets it pass, and still says what is destroyed", () => {
    const result = review({ base, head, allowDestroy: true });
    expect(result.exitCode).toBe(0);
    expect(result.destroys).toBeGreaterThanOrEqual(1);
    expect(result.markdown).toContain("will be **destroyed**");
  });

  test("the new port is in the exposure changes, marked public", () => {
    const { markdown } = review({ base, head });
    const section = markdown.slice(
      markdown.indexOf("### Exposure changes"),
      markdown.indexOf("### ", markdown.indexOf("### Exposure changes") + 4),
    );
    expect(section).toMatch(
      /\| new \| 🌐 \*\*public\*\* \| tcp \| 8443 \| `0\.0\.0\.0\/0` \| stackato-ext \| stackato-lb \|/,
    );
    expect(section).not.toMatch(/\| 443 \|/); // only what changed
  });

  test("the flavor change is labelled as the ForceNew table says", () => {
    const verdict = verdictFor("openstack_compute_instance_v2", "flavor_name");
    const deas = changesBetween(base, head).filter((c) => /Cluster_Deas_Node\d_Server_Instance/.test(c.address));
    expect(deas).toHaveLength(2);
    for (const dea of deas) {
      expect(dea.action).toBe(verdict.kind === "replace" ? "replace" : "update");
      const flavor = dea.changes.find((c) => c.path === "flavor_name");
      expect(flavor).toMatchObject({ before: "m1.large", after: "m1.xlarge" });
      if (verdict.kind === "conditional") expect(flavor?.forces).toBe("conditional");
    }
    const { markdown } = review({ base, head });
    expect(markdown).toContain("flavor_name: m1.large → m1.xlarge");
    if (verdict.kind === "conditional") expect(markdown).toContain(verdict.when);
  });

  test("nothing else changes: the other nodes and their steps stay", () => {
    const changes = changesBetween(base, head);
    const touched = changes.map((c) => `${c.action} ${c.type}`).sort();
    expect(touched).toEqual(
      [
        "create null_resource", // the volume's mount step, under its new construct id
        "create openstack_blockstorage_volume_v3",
        "create openstack_compute_volume_attach_v2",
        "create openstack_networking_secgroup_rule_v2",
        "delete null_resource",
        "delete openstack_blockstorage_volume_v3",
        "delete openstack_compute_volume_attach_v2",
        "update openstack_compute_instance_v2",
        "update openstack_compute_instance_v2",
      ].sort(),
    );
  });
});

describe("second pair: only the DEA count changes", () => {
  let head: string;
  beforeAll(() => {
    head = synthClusterVariant({ deaCount: 4 });
  });

  test("only resources are added: two servers, their ports and their attach steps (and two membership keys)", () => {
    const changes = changesBetween(base, head);
    // The cluster's one membership block gains a for_each key per new node (an instance to create).
    const [membership, ...others] = [...changes].sort(
      (a, b) => Number(b.type === "terraform_data") - Number(a.type === "terraform_data"),
    );
    expect([membership.action, membership.address]).toEqual([
      "update",
      expect.stringMatching(/^terraform_data\.Cluster_Membership_/),
    ]);
    expect(others.every((c) => c.action === "create")).toBe(true);
    expect(others.map((c) => c.address).sort()).toEqual([
      expect.stringMatching(/^null_resource\.Cluster_Deas_Node3_Attach_/),
      expect.stringMatching(/^null_resource\.Cluster_Deas_Node4_Attach_/),
      expect.stringMatching(/^openstack_compute_instance_v2\.Cluster_Deas_Node3_Server_Instance_/),
      expect.stringMatching(/^openstack_compute_instance_v2\.Cluster_Deas_Node4_Server_Instance_/),
      expect.stringMatching(/^openstack_networking_port_v2\.Cluster_Deas_Node3_Server_Port_/),
      expect.stringMatching(/^openstack_networking_port_v2\.Cluster_Deas_Node4_Server_Port_/),
    ]);
  });

  test("no existing step re-runs, and the review passes", () => {
    const result = review({ base, head });
    expect(result.exitCode).toBe(0);
    expect(result.destroys).toBe(0);
    expect(result.markdown).toContain("6 to add, 1 to change, 0 to replace, 0 to destroy"); // 1: the membership block
    expect(result.markdown).toContain("2 steps will run: 2 new, 0 re-run on existing resources.");
    expect(result.markdown).not.toContain("re-runs:");
    expect(result.markdown).not.toContain("[!CAUTION]");
    expect(result.markdown).not.toContain("[!WARNING]");
  });
});

test("no change: a clear 'no changes' report", () => {
  const again = synthClusterVariant();
  const result = review({ base, head: again });
  expect(result.hasChanges).toBe(false);
  expect(result.exitCode).toBe(0);
  expect(result.markdown).toContain("**No changes.**");
});

describe("third pair: the renamed volume with the moveFromId() the report advises", () => {
  let head: string;
  let oldAddress: string;
  beforeAll(() => {
    oldAddress = [...loadStacks(base)[0].resources.keys()].find((a) =>
      /^openstack_blockstorage_volume_v3\.Logs_Volume_/.test(a),
    )!;
    head = synthClusterVariant({ logsVolumeId: "AppLogs", logsVolumeMovedFrom: oldAddress });
  });

  test("the moved block is honoured: the volume is neither destroyed nor created, and the review passes", () => {
    const changes = changesBetween(base, head);
    const volumes = changes.filter((c) => c.type === "openstack_blockstorage_volume_v3");
    expect(volumes).toEqual([]);
    const result = review({ base, head });
    expect(result.exitCode).toBe(0);
    expect(result.blocking).toEqual([]);
    expect(result.markdown).not.toContain("[!CAUTION]");
    expect(result.markdown).not.toContain("has prevent_destroy");
    expect(result.markdown).toMatch(
      /`openstack_blockstorage_volume_v3\.Logs_Volume_\w+` → `openstack_blockstorage_volume_v3\.AppLogs_Volume_\w+`/,
    );
  });
});
