/**
 * A new domain makes a new shared certificate, and every node that serves the certificate gets it: the core
 * too, whose InstallSsl step used to keep the old one (its triggers did not know the certificate).
 */
import * as fs from "fs";
import * as path from "path";
import { describeWithTerraform } from "cdktf-stackato-openstack-harness";
import { allowDestroy, applyStackDir, destroyWorkDir } from "cdktf-stackato-openstack-harness/terraform";
import { planAgainstState } from "cdktf-stackato-openstack-review/state-plan";
import { synthClusterVariant } from "./support/review-pairs";

describeWithTerraform("a new domain", () => {
  test("re-makes the certificate and re-runs every step that installs it, the core's InstallSsl among them", async () => {
    const base = synthClusterVariant();
    const applied = await applyStackDir(path.join(base, "stacks", "cluster"), { provisioners: false });
    expect(applied.diagnostics).toEqual([]);
    try {
      const planned = await planAgainstState(
        synthClusterVariant({ domain: "paas.example.org" }),
        path.join(applied.workDir, "terraform.tfstate"),
        "cluster",
      );
      for (const step of ["SslCertificate", "Core_InstallSsl", "Core_Setup", "LoadBalancer_Setup"]) {
        expect(planned.markdown).toMatch(new RegExp(`\\| \`null_resource\\.Cluster_${step}_\\w+\` \\| replace \\|`));
      }
      expect(planned.markdown).toMatch(/\| `null_resource\.Cluster_Routers_Node1_Attach_\w+` \| replace \|/);
    } finally {
      allowDestroy(applied.workDir);
      await destroyWorkDir(applied.workDir);
      fs.rmSync(applied.workDir, { recursive: true, force: true });
    }
  }, 240000);
});
