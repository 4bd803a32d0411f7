import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, Fn, LocalBackend, TerraformOutput, TerraformStack, Token } from "cdktf";
import { StackatoImage, StackatoNode } from "../lib";
import { OpenstackProvider } from "../lib/openstack";

// StackatoNode.privateIp is resolved once per stack and kind of use (lib/private/resolved-once.ts):
// wherever it is written, the JSON must be what cdktf writes for a fresh element() token.
describe("a node's fixed IP, resolved once", () => {
  const stack = new TerraformStack(new App(), "node");
  new OpenstackProvider(stack, "openstack", {});
  const image = new StackatoImage(stack, "Image", { existingImageName: "Stackato-3.6.2" });
  const node = new StackatoNode(stack, "Node", {
    instanceName: "n",
    image,
    networkId: "net",
    keyName: "k",
    securityGroupIds: [],
    flavorName: "m1.small",
  });
  const fresh = () => Token.asString(Fn.element(node.port.allFixedIps, 0));
  const uses: Record<string, (ip: () => string) => unknown> = {
    alone: (ip) => ip(),
    inString: (ip) => `ssh stackato@${ip()} -p 22`,
    twiceInString: (ip) => `${ip()}/${ip()}`,
    inFunction: (ip) => Fn.join(",", [ip(), "x"]),
    inNestedFunction: (ip) => Fn.upper(Fn.join(",", [ip(), ip()])),
    inMap: (ip) => ({ a: ip(), b: `${ip()}:80` }),
  };
  // Mixed order, so a result kept for one kind of use would show up in another.
  for (const round of [1, 2]) {
    for (const [name, use] of Object.entries(uses)) {
      new TerraformOutput(stack, `cached_${name}_${round}`, { value: use(() => node.privateIp) });
      new TerraformOutput(stack, `fresh_${name}_${round}`, { value: use(fresh) });
    }
  }
  const outputs = (stack as any).toTerraform().output;

  test.each(Object.keys(uses))("%s: the same JSON as a fresh element() token", (name) => {
    for (const round of [1, 2]) {
      expect(outputs[`cached_${name}_${round}`].value).toEqual(outputs[`fresh_${name}_${round}`].value);
    }
    expect(JSON.stringify(outputs[`cached_${name}_1`].value)).toContain("element(openstack_networking_port_v2.");
  });

  test("the token is the same on every read", () => {
    expect(node.privateIp).toBe(node.privateIp);
  });

  test("used from another stack, it becomes the same cross-stack reference as a fresh token", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "stackato-resolved-once-"));
    try {
      const app = new App({ outdir });
      const origin = new TerraformStack(app, "origin");
      new LocalBackend(origin, { path: "origin.tfstate" });
      new OpenstackProvider(origin, "openstack", {});
      const img = new StackatoImage(origin, "Image", { existingImageName: "Stackato-3.6.2" });
      const n = new StackatoNode(origin, "Node", {
        instanceName: "n",
        image: img,
        networkId: "net",
        keyName: "k",
        securityGroupIds: [],
        flavorName: "m1.small",
      });
      const other = new TerraformStack(app, "other");
      new TerraformOutput(other, "cached", { value: `ip ${n.privateIp}` });
      new TerraformOutput(other, "fresh", { value: `ip ${Token.asString(Fn.element(n.port.allFixedIps, 0))}` });
      app.synth();
      const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "other", "cdk.tf.json"), "utf8"));
      expect(json.output.cached.value).toEqual(json.output.fresh.value);
      expect(json.output.cached.value).toContain("data.terraform_remote_state.");
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
