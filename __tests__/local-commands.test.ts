/**
 * Local commands (local-exec) and their triggers when a prop is a Terraform reference: rendered by
 * the real `terraform` with the variable's value, then run with `sh -c` in a scratch folder, as a
 * deploy would. The value must arrive as data: as itself, and never as code.
 */
import { App, TerraformStack, TerraformVariable } from "cdktf";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describeWithTerraform, planStackDir } from "cdktf-stackato-openstack-harness";
import { Frontend, StackatoCluster, StackatoImage } from "../lib";
import { newStack, recordStack, Synthesized } from "./support/synth";
import { renderWithTerraform, runLocalCommand } from "./support/terraform-render";
import { testCluster } from "./support/test-cluster";

/** A scratch folder and, three levels down, the stack's directory (where Terraform runs local-exec). */
function scratch(): { root: string; stackDir: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "local-exec-"));
  const stackDir = path.join(root, "cdktf.out", "stacks", "test");
  fs.mkdirSync(stackDir, { recursive: true });
  return { root, stackDir };
}

function localExec(out: Synthesized, pathSuffix: string): { command: string; triggers: Record<string, string> } {
  const resource = out.resource("null_resource", pathSuffix);
  return { command: resource.provisioner[0]["local-exec"].command, triggers: resource.triggers };
}

function variableCluster(stack: TerraformStack, props: { keyDirectory?: string } = {}): void {
  const domain = new TerraformVariable(stack, "paas_domain", { type: "string" });
  const cluster = testCluster(stack, {
    name: "paas",
    domain: domain.stringValue,
    ssh: { privateKeyPath: "~/.ssh/id_rsa" },
    frontend: Frontend.routers({ count: 2 }),
  });
  cluster.addControllers({ count: 1 });
  cluster.addSharedDropletVolume({ keyDirectory: props.keyDirectory });
}

describeWithTerraform("local commands with Terraform references", () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

  test("a domain from a variable: the shared certificate is made for *.<the variable's value>, and the trigger is that value", async () => {
    const stack = newStack();
    variableCluster(stack);
    const out = recordStack(stack);
    const ssl = localExec(out, "Cluster/SslCertificate");
    const rendered = await renderWithTerraform(
      out.json.variable,
      { command: ssl.command, domain: ssl.triggers.domain, directory: ssl.triggers.ssl_directory },
      { paas_domain: "paas.example.org" },
    );
    expect(rendered.domain).toBe("paas.example.org");
    expect(rendered.directory).toBe("../../../.stackato-keys/paas/ssl");
    const { root, stackDir } = scratch();
    roots.push(root);
    const run = runLocalCommand(rendered.command, stackDir);
    expect(run.output).toBe("");
    expect(run.status).toBe(0);
    const subject = runLocalCommand("openssl x509 -noout -subject -in .stackato-keys/paas/ssl/stackato.crt", root);
    expect(subject.output.trim()).toMatch(/^subject=\s*CN\s*=\s*\*\.paas\.example\.org$/);
  });

  test("a new domain makes a new certificate; a certificate the user brought is kept", async () => {
    const stack = newStack();
    variableCluster(stack);
    const out = recordStack(stack);
    const ssl = localExec(out, "Cluster/SslCertificate");
    const { root, stackDir } = scratch();
    roots.push(root);
    const cert = ".stackato-keys/paas/ssl/stackato.crt";
    for (const domain of ["old.example.org", "new.example.org"]) {
      const { command } = await renderWithTerraform(
        out.json.variable,
        { command: ssl.command },
        { paas_domain: domain },
      );
      expect(runLocalCommand(command, stackDir).status).toBe(0);
      expect(runLocalCommand(`openssl x509 -noout -subject -in ${cert}`, root).output).toContain(`*.${domain}`);
    }
    // The user's own certificate (no record of a self-signed one) stays whatever the domain.
    fs.rmSync(path.join(root, ".stackato-keys/paas/ssl/.self-signed-for"), { force: true });
    const { command } = await renderWithTerraform(
      out.json.variable,
      { command: ssl.command },
      { paas_domain: "x.example.org" },
    );
    expect(runLocalCommand(command, stackDir).status).toBe(0);
    expect(runLocalCommand(`openssl x509 -noout -subject -in ${cert}`, root).output).toContain("*.new.example.org");
  });

  test("a hostile domain value is data: nothing runs, and the certificate's subject holds the value", async () => {
    const stack = newStack();
    variableCluster(stack);
    const out = recordStack(stack);
    const ssl = localExec(out, "Cluster/SslCertificate");
    const hostile = "x'$(touch INJ1)`touch INJ2`\"; touch INJ3; '.example.org";
    const { command } = await renderWithTerraform(
      out.json.variable,
      { command: ssl.command },
      { paas_domain: hostile },
    );
    const { root, stackDir } = scratch();
    roots.push(root);
    runLocalCommand(command, stackDir);
    expect(fs.readdirSync(stackDir)).toEqual([]);
    expect(fs.readdirSync(root).sort()).toEqual([".stackato-keys", "cdktf.out"]);
  });

  test("a key directory from a variable: the cluster key is made there, where the file provisioners read it", async () => {
    const stack = newStack();
    const keyDir = new TerraformVariable(stack, "key_dir", { type: "string" });
    variableCluster(stack, { keyDirectory: keyDir.stringValue });
    const out = recordStack(stack);
    const keygen = localExec(out, "Cluster/SharedDroplets/ClusterKey");
    const authorize = out.resource("null_resource", "SharedDroplets/AuthorizeClusterKey/Resource");
    const upload = authorize.provisioner.find((p: any) => p.file)?.file.source;
    const rendered = await renderWithTerraform(
      out.json.variable,
      { command: keygen.command, trigger: keygen.triggers.key_directory, upload },
      { paas_domain: "paas.example.org", key_dir: "../../../my keys" },
    );
    expect(rendered.trigger).toBe("../../../my keys");
    expect(rendered.upload).toBe("../../../my keys/id_rsa.pub");
    const { root, stackDir } = scratch();
    roots.push(root);
    expect(runLocalCommand(rendered.command, stackDir).status).toBe(0);
    expect(fs.existsSync(path.join(stackDir, rendered.upload))).toBe(true);
    expect(fs.existsSync(path.join(root, "my keys", "id_rsa"))).toBe(true);
  });

  test("an image path from a variable with convertToQcow2: qemu-img converts that file, and Glance uploads the result", async () => {
    const { root, stackDir } = scratch();
    roots.push(root);
    fs.writeFileSync(path.join(root, "stackato.img"), Buffer.alloc(1024 * 1024));
    const stack = newStack();
    const name = new TerraformVariable(stack, "image_name", { type: "string" });
    new StackatoImage(stack, "Image", { localFilePath: `${root}/${name.stringValue}.img`, convertToQcow2: true });
    const out = recordStack(stack);
    const convert = localExec(out, "Image/ConvertToQcow2");
    const [image] = out.resources("openstack_images_image_v2");
    const rendered = await renderWithTerraform(
      out.json.variable,
      {
        command: convert.command,
        source: convert.triggers.source,
        target: convert.triggers.target,
        upload: image.local_file_path,
      },
      { image_name: "stackato" },
    );
    expect(rendered.source).toBe(`${root}/stackato.img`);
    expect(rendered.upload).toBe(`${root}/stackato.qcow2`);
    expect(rendered.target).toBe(rendered.upload);
    const run = runLocalCommand(rendered.command, stackDir);
    expect(run.status).toBe(0);
    expect(runLocalCommand(`qemu-img info ${rendered.upload}`, root).output).toContain("file format: qcow2");
  });

  test("ssh.user from a variable: a user name plans; one that is not stops the plan before anything runs", async () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ssh-user-"));
    roots.push(outdir);
    const app = new App({ outdir });
    const stack = newStack(app);
    const user = new TerraformVariable(stack, "ssh_user", { type: "string" });
    const cluster = new StackatoCluster(stack, "Cluster", {
      domain: "paas.example.com",
      image: new StackatoImage(stack, "Image", { existingImageName: "Stackato-3.6.2" }),
      keyName: "ops",
      networkName: "private",
      ssh: { useSshAgent: true, user: user.stringValue },
    });
    cluster.addDeas();
    app.synth();
    const dir = path.join(outdir, "stacks", "test");
    const good = await planStackDir(dir, ["-var=ssh_user=stackato"]);
    expect(good.diagnostics).toEqual([]);
    expect(good.ok).toBe(true);
    const hostile = await planStackDir(dir, ["-var=ssh_user=x$(touch INJ)"]);
    expect(hostile.ok).toBe(false);
    expect(hostile.diagnostics.join("\n")).toContain("ssh.user: the value is not a user name");
    expect(fs.existsSync(path.join(dir, "INJ"))).toBe(false);
  });
});
