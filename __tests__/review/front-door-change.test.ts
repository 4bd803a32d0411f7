/**
 * Moving a live cluster's front door (its `frontend` prop) is an in-place change: no server is
 * replaced, the old front door's floating IP goes back to the pool, and the review says so in the
 * cluster's words instead of guessing that a construct moved.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { Frontend, StackatoClusterProps } from "../../lib";
import { OpenstackProvider } from "../../lib/openstack";
import { review } from "cdktf-stackato-openstack-review/review";
import { testCluster } from "../support/test-cluster";

function synth(frontend?: StackatoClusterProps["frontend"]): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "front-door-"));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "paas");
  new OpenstackProvider(stack, "openstack", {});
  const cluster = testCluster(stack, { floatingIpPool: "public", ssh: { privateKeyPath: "~/.ssh/id_rsa" }, frontend });
  cluster.addDeas();
  app.synth();
  return outdir;
}

describe("moving the front door from the core to routers", () => {
  let markdown = "";
  beforeAll(() => {
    markdown = review({ base: synth(), head: synth(Frontend.routers()), allowDestroy: true }).markdown;
  });

  test("replaces no server: the core stays, only its floating IP goes and its port leaves the external group", () => {
    expect(markdown).toMatch(/## Stack `paas`: \d+ to add, \d+ to change, 0 to replace, 2 to destroy/);
    expect(markdown).toMatch(
      /🔄 update \| `openstack_networking_port_v2\.Cluster_Core_Server_Port_\w+` \| security_group_ids/,
    );
  });

  test("says the core leaves the front door and the router joins, and names the DNS records to change", () => {
    expect(markdown).toContain(
      "- `stackato-core` leaves the front door (the cluster's `frontend` changed): its floating IP is released",
    );
    expect(markdown).toContain("- `stackato-router-1` will join the cluster (`kato node attach`)");
    expect(markdown).toMatch(
      /`openstack_networking_floatingip_v2\.Cluster_Core_Server_FloatingIp_\w+` \(Cluster\/Core\/Server\/FloatingIp\) will be \*\*destroyed\*\*: `stackato-core` is no longer part of the front door/,
    );
    expect(markdown).not.toContain("only moved or was renamed");
  });
});
