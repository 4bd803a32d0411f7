/**
 * Rotating the cluster's certificate through `cdktf deploy` (issue 16 item 7): `certificateGeneration`
 * is a trigger. A new generation makes a self-signed certificate anew (a user's own is uploaded again
 * as it is), and re-runs every step that installs it: the core's InstallSsl, each router's Attach and
 * the load balancer's Setup, and no other step.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describeWithTerraform } from "cdktf-stackato-openstack-harness";
import { allowDestroy, applyStackDir, destroyWorkDir } from "cdktf-stackato-openstack-harness/terraform";
import { Frontend, StackatoCluster, StackatoImage } from "../lib";
import { planAgainstState } from "cdktf-stackato-openstack-review/state-plan";
import { synthClusterVariant } from "./support/review-pairs";
import { synthErrors, synthStack } from "./support/synth";
import { renderWithTerraform, runLocalCommand } from "./support/terraform-render";

function clusterWith(generation: number | undefined) {
  return synthStack((s) => {
    const cluster = new StackatoCluster(s, "Cluster", {
      domain: "paas.example.com",
      image: new StackatoImage(s, "Image", { existingImageName: "Stackato-3.6.2" }),
      keyName: "ops",
      networkName: "private",
      ssh: { useSshAgent: true },
      certificateGeneration: generation,
      frontend: Frontend.loadBalancer(),
    });
    cluster.addRouters({ count: 2 });
  });
}

describe("certificateGeneration", () => {
  test("is a trigger of the certificate, and the steps that install it follow the certificate", () => {
    const out = clusterWith(2);
    const certificate = out.address("null_resource", "Cluster/SslCertificate");
    expect(out.resource("null_resource", "Cluster/SslCertificate").triggers.generation).toBe("2");
    for (const step of [
      "Core/InstallSsl/Resource",
      "Routers/Node1/Attach/Resource",
      "Routers/Node2/Attach/Resource",
      "LoadBalancer/Setup/Resource",
    ]) {
      expect([step, out.resource("null_resource", step).triggers.ssl_certificate_id]).toEqual([
        step,
        `\${${certificate}.id}`,
      ]);
    }
  });

  test("left out, nothing follows the certificate but the core's InstallSsl (as before it existed)", () => {
    const out = clusterWith(undefined);
    expect(out.resource("null_resource", "Cluster/SslCertificate").triggers.generation).toBeUndefined();
    expect(out.resource("null_resource", "Routers/Node1/Attach/Resource").triggers.ssl_certificate_id).toBeUndefined();
    expect(out.resource("null_resource", "LoadBalancer/Setup/Resource").triggers.ssl_certificate_id).toBeUndefined();
  });

  test("refused at synth: not a whole number, 0 or more", () => {
    expect(
      synthErrors((s) =>
        new StackatoCluster(s, "Cluster", {
          domain: "paas.example.com",
          image: new StackatoImage(s, "Image", { existingImageName: "Stackato-3.6.2" }),
          keyName: "ops",
          networkName: "private",
          ssh: { useSshAgent: true },
          certificateGeneration: 1.5,
        }).addDeas(),
      ),
    ).toContain(
      "certificateGeneration: 1.5 is not a generation; give a whole number, 0 or more, and add 1 to rotate the certificate",
    );
  });
});

describeWithTerraform("rotating the certificate", () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

  /** Runs the SslCertificate's local command of a cluster at `generation` in a scratch project. */
  async function makeCertificate(stackDir: string, generation: number | undefined): Promise<void> {
    const out = clusterWith(generation);
    // Rendered by Terraform as a deploy does (its `$${` escapes); one unused variable makes a valid file.
    const { command } = await renderWithTerraform(
      { unused: { type: "string", default: "" } },
      { command: out.resource("null_resource", "Cluster/SslCertificate").provisioner[0]["local-exec"].command },
      {},
    );
    const run = runLocalCommand(command, stackDir);
    expect(run).toEqual({ status: 0, output: "" });
  }

  test("a new generation makes a self-signed certificate anew; the same one keeps it; a user's own is kept", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "cert-generation-"));
    roots.push(root);
    const stackDir = path.join(root, "cdktf.out", "stacks", "test");
    fs.mkdirSync(stackDir, { recursive: true });
    const cert = path.join(root, ".stackato-keys", "stackato", "ssl", "stackato.crt");
    const read = () => fs.readFileSync(cert, "utf8");
    await makeCertificate(stackDir, undefined);
    const first = read();
    await makeCertificate(stackDir, undefined);
    expect(read()).toBe(first);
    await makeCertificate(stackDir, 1);
    const second = read();
    expect(second).not.toBe(first);
    await makeCertificate(stackDir, 1);
    expect(read()).toBe(second);
    // The user's own certificate: no record of a self-signed one beside it.
    fs.rmSync(path.join(path.dirname(cert), ".self-signed-for"));
    fs.writeFileSync(cert, "the user's own certificate\n");
    await makeCertificate(stackDir, 2);
    expect(read()).toBe("the user's own certificate\n");
  }, 60000);

  test("against an applied cluster, a new generation re-runs exactly the steps that install the certificate", async () => {
    const base = synthClusterVariant();
    const applied = await applyStackDir(path.join(base, "stacks", "cluster"), { provisioners: false });
    expect(applied.diagnostics).toEqual([]);
    try {
      const planned = await planAgainstState(
        synthClusterVariant({ certificateGeneration: 1 }),
        path.join(applied.workDir, "terraform.tfstate"),
        "cluster",
      );
      const replaced = [...planned.markdown.matchAll(/\| `(null_resource\.[A-Za-z0-9_]+)` \| replace \|/g)].map((m) =>
        m[1].replace(/_[0-9A-F]{8}$/, ""),
      );
      expect(replaced.sort()).toEqual(
        [
          "null_resource.Cluster_SslCertificate",
          "null_resource.Cluster_Core_InstallSsl",
          "null_resource.Cluster_Routers_Node1_Attach",
          "null_resource.Cluster_Routers_Node2_Attach",
          "null_resource.Cluster_LoadBalancer_Setup",
        ].sort(),
      );
    } finally {
      allowDestroy(applied.workDir);
      await destroyWorkDir(applied.workDir);
      fs.rmSync(applied.workDir, { recursive: true, force: true });
    }
  }, 240000);
});
