/**
 * Stacks whose provisioner connections read an ssh key with file() fail `terraform validate` when the
 * file is missing, so tests build and run the examples with HOME pointing at a scratch directory that
 * holds throwaway keys under the usual names. Their content never leaves this machine.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { buildExamples } from "../../examples";
import { stacksOf, synthStackDir } from "cdktf-stackato-openstack-harness";

// Built at run time so no file in the repository looks like a committed private key.
const PEM_BEGIN = ["-----BEGIN", "OPENSSH", "PRIVATE", "KEY-----"].join(" ");
const PEM_END = ["-----END", "OPENSSH", "PRIVATE", "KEY-----"].join(" ");

/** Points HOME at a new scratch directory with throwaway ssh keys; returns it. */
export function useThrowawayHome(): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "harness-home-"));
  fs.mkdirSync(path.join(home, ".ssh"), { mode: 0o700 });
  const publicKey = fs.readFileSync(path.join(__dirname, "..", "fixtures", "id_rsa.pub"), "utf8");
  for (const name of ["id_rsa", "id_ed25519"]) {
    fs.writeFileSync(path.join(home, ".ssh", name), `${PEM_BEGIN}\nthrowaway\n${PEM_END}\n`, { mode: 0o600 });
    fs.writeFileSync(path.join(home, ".ssh", `${name}.pub`), publicKey);
  }
  process.env.HOME = home; // os.homedir() at synth, and `~` in Terraform's file(), both follow HOME
  return home;
}

/** The stacks buildExamples adds (whatever they are), synthesized as `npm run synth` would, under a throwaway HOME. */
export function exampleStacks(): Array<{ name: string; dir: string }> {
  useThrowawayHome();
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "harness-examples-")) });
  buildExamples(app);
  return stacksOf(app).map((stack) => ({ name: stack.node.id, dir: synthStackDir(stack) }));
}
