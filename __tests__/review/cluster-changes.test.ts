/**
 * The review says what a change does to the running cluster in Stackato's words (issue 16 item 6):
 * nodes retired and removed, the load balancer set up again for the routers that stay, a renamed
 * node; one verdict for a construct that looks moved, and no "if it only moved" for nodes that leave
 * on purpose.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { StackatoCluster, StackatoImage } from "../../lib";
import { OpenstackProvider } from "../../lib/openstack";
import { review } from "cdktf-stackato-openstack-review/review";
import { synthClusterVariant, synthExamples } from "../support/review-pairs";

/** The report's top part: what the review says before the whole-stack details. */
const summaryOf = (markdown: string) => markdown.slice(0, markdown.indexOf("<details>"));

describe("scaling in the first addDeas() call: 2 DEAs to 1", () => {
  let markdown = "";
  beforeAll(() => {
    markdown = summaryOf(
      review({ base: synthClusterVariant({ deaCount: 2 }), head: synthClusterVariant({ deaCount: 1 }) }).markdown,
    );
  });

  test("says the DEA will be retired and removed from the cluster, then its VM destroyed", () => {
    expect(markdown).toContain("### What this does to the cluster");
    expect(markdown).toContain(
      "- `stackato-dea-2` will be retired and removed from the cluster (`kato node retire`, then `kato node remove` on the core), then its VM is destroyed",
    );
  });

  test("the server's destroy is a node leaving on purpose, not a construct that might have moved", () => {
    expect(markdown).toMatch(
      /`openstack_compute_instance_v2\.Cluster_Deas_Node2_Server_Instance_\w+` \(Cluster\/Deas\/Node2\/Server\/Instance\) will be \*\*destroyed\*\*: `stackato-dea-2` leaves the cluster on purpose/,
    );
    expect(markdown).not.toContain("only moved or was renamed");
    expect(markdown).not.toContain("looks moved");
  });
});

describe("taking out a second addRouters() call behind the load balancer", () => {
  let markdown = "";
  beforeAll(() => {
    markdown = summaryOf(
      review({ base: synthClusterVariant({ extraRouters: 1 }), head: synthClusterVariant({ extraRouters: 0 }) })
        .markdown,
    );
  });

  test("the router leaves the load balancer and the cluster; the load balancer is set up again for the routers left", () => {
    expect(markdown).toContain(
      "- `stackato-router2-1` will be taken out of the load balancer and removed from the cluster (`kato node remove` on the core), then its VM is destroyed",
    );
    expect(markdown).toContain(
      "- the load balancer will be set up again for routers `stackato-router-1`, `stackato-router-2`",
    );
  });

  test("adding it back says it joins, and the load balancer takes it", () => {
    const added = summaryOf(
      review({ base: synthClusterVariant({ extraRouters: 0 }), head: synthClusterVariant({ extraRouters: 1 }) })
        .markdown,
    );
    expect(added).toContain("- `stackato-router2-1` will join the cluster (`kato node attach`)");
    expect(added).toContain(
      "- the load balancer will be set up again for routers `stackato-router-1`, `stackato-router-2`, `stackato-router2-1`",
    );
  });
});

test("a construct of the user's renamed with two volumes in it gets one verdict naming the construct", () => {
  const markdown = summaryOf(
    review({
      base: synthClusterVariant({ storageGroupId: "Storage" }),
      head: synthClusterVariant({ storageGroupId: "Disks" }),
      allowDestroy: true,
    }).markdown,
  );
  const warnings = markdown.slice(markdown.indexOf("> [!WARNING]"), markdown.indexOf("### Exposure changes"));
  expect(warnings.match(/^> - /gm)).toHaveLength(1);
  expect(warnings).toContain("because construct `Storage` looks moved or renamed to `Disks`");
  expect(warnings).toContain('`ConstructMove.fromPath(<the construct>, "Storage")`');
  expect(warnings).toMatch(/stateful too: `openstack_blockstorage_volume_v3\.Storage_\w+_Volume_\w+`/);
});

/** A small cluster named `name`, synthesized to its own folder. */
function synthNamedCluster(name: string): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "review-renamed-cluster-"));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "paas");
  new OpenstackProvider(stack, "openstack", {});
  const cluster = new StackatoCluster(stack, "Cluster", {
    name,
    domain: "paas.example.com",
    image: new StackatoImage(stack, "Image", { existingImageName: "Stackato-3.6.2" }),
    keyName: "ops",
    networkName: "private",
    ssh: { privateKeyPath: "~/.ssh/id_rsa" },
  });
  cluster.addDeas({ count: 1 });
  app.synth();
  return outdir;
}

test("renaming the cluster says each node is renamed, and cautions that it would leave the cluster", () => {
  const markdown = summaryOf(review({ base: synthNamedCluster("stackato"), head: synthNamedCluster("paas") }).markdown);
  expect(markdown).toContain("- `stackato-dea-1` will be renamed to `paas-dea-1`");
  expect(markdown).toContain("> **A running node would leave the cluster**");
  expect(markdown).toContain(
    "`stackato-dea-1` will be renamed to `paas-dea-1`, and its membership is keyed by name: Terraform removes it from the cluster",
  );
  expect(markdown).not.toContain("will be retired");
});

test("a cluster made before the memberships existed: the review says no node joins, and the load balancer is set up again", () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "review-before-issue-16-"));
  fs.mkdirSync(path.join(base, "stacks", "cluster"), { recursive: true });
  fs.copyFileSync(
    path.join(__dirname, "..", "fixtures", "cluster-example-before-issue-16.tf.json"),
    path.join(base, "stacks", "cluster", "cdk.tf.json"),
  );
  const markdown = summaryOf(review({ base, head: synthExamples(), stack: "cluster" }).markdown);
  expect(markdown).not.toContain("will join the cluster");
  expect(markdown).not.toContain("removed from the cluster");
  expect(markdown).toContain(
    "- the load balancer will be set up again for routers `stackato-router-1`, `stackato-router-2`",
  );
});
