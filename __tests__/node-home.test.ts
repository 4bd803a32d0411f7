import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { ProvisionStep } from "../lib/provisioning/provision-step";
import { ShellScript } from "../lib/provisioning/scripts";

interface Provisioner {
  type: string;
  inline?: string[];
  destination?: string;
}

/** The provisioners of the one step in a stack whose login user is `user`. */
function provisionersFor(user: (stack: TerraformStack) => string): Provisioner[] {
  const stack = new TerraformStack(Testing.app(), "home");
  new ProvisionStep(stack, "Step", {
    instanceId: "i-1",
    script: new ShellScript(
      "probe",
      [
        ["PASSWORD", "from a reference in real use"],
        ["OUT", "/tmp/out"],
      ],
      'printf %s "$PASSWORD" > "$OUT"',
    ),
    secretParams: ["PASSWORD"],
    privateUploads: [{ source: "../../../keys/id_rsa", destination: "cluster_key" }],
    connection: { type: "ssh", host: "127.0.0.1", user: user(stack) },
    dependsOn: [],
  });
  const json = JSON.parse(Testing.synth(stack)) as {
    resource: { null_resource: Record<string, { provisioner: Array<Record<string, Provisioner>> }> };
  };
  return Object.values(json.resource.null_resource)[0].provisioner.map((p) => {
    const [type, body] = Object.entries(p)[0];
    return { ...body, type };
  });
}

/** Terraform's template pass over a rendered string: `$${` and `%%{` become `${` and `%{`. */
function afterTemplatePass(text: string): string {
  return text.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
}

describe("a step's private files live in the login user's home, wherever the node has it", () => {
  test("no path is built from ssh.user: uploads go relative to the home directory, commands use $HOME", () => {
    for (const user of [() => "deploy", (s: TerraformStack) => new TerraformVariable(s, "ssh_user", {}).stringValue]) {
      const provisioners = provisionersFor(user);
      const text = JSON.stringify(provisioners);
      expect(text).not.toContain("/home/");
      expect(text).not.toContain("var.ssh_user");
      expect(text).not.toContain("deploy");
      const files = provisioners.filter((p) => p.type === "file").map((p) => p.destination);
      expect(files).toEqual([".stackato-terraform/private/probe-password", ".stackato-terraform/private/cluster_key"]);
      expect(provisioners[0].inline).toEqual([
        'mkdir -p -m 700 "$HOME/.stackato-terraform/private" && chmod 700 "$HOME/.stackato-terraform/private"',
      ]);
    }
  });

  test("the script reads its secret from $HOME, whatever the working directory, and removes it", () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "stackato-home-"));
    try {
      const provisioners = provisionersFor(() => "deploy");
      // Nothing runs that could write outside the temporary home.
      expect(JSON.stringify(provisioners)).not.toContain("/home/");
      const env = { ...process.env, HOME: home };
      const mkdir = spawnSync("bash", ["-c", afterTemplatePass(provisioners[0].inline![0])], { cwd: "/", env });
      expect(mkdir.status).toBe(0);
      const secret = path.join(home, provisioners[1].destination!);
      expect((fs.statSync(path.dirname(secret)).mode & 0o777).toString(8)).toBe("700");
      fs.writeFileSync(secret, Buffer.from("pa ss'$(w)\n").toString("base64"));
      const script = afterTemplatePass(provisioners[provisioners.length - 1].inline![0]).replace(
        "OUT='/tmp/out'",
        `OUT='${path.join(home, "out")}'`,
      );
      const run = spawnSync("bash", ["-c", script], { cwd: "/", env, encoding: "utf8" });
      expect([run.status, run.stderr]).toEqual([0, ""]);
      expect(fs.readFileSync(path.join(home, "out"), "utf8")).toBe("pa ss'$(w)\n");
      expect(fs.existsSync(secret)).toBe(false);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
