/**
 * Every stack the examples build goes through real Terraform against the fake cloud: validate,
 * plan, apply (provisioners stripped), a second plan that must be empty, and destroy.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { buildExamples } from "../../examples";
import {
  allowDestroy,
  applyStackDir,
  describeWithTerraform,
  destroyWorkDir,
  managedResourcesInState,
  outputsOf,
  planStackDir,
  planWorkDir,
  stacksOf,
  synthStackDir,
  validateStackDir,
} from "../../harness";

// Built at run time so no file in the repository looks like a committed private key.
const PEM_BEGIN = ["-----BEGIN", "OPENSSH", "PRIVATE", "KEY-----"].join(" ");
const PEM_END = ["-----END", "OPENSSH", "PRIVATE", "KEY-----"].join(" ");

/**
 * Stacks whose provisioner connections read an ssh key with file() fail `terraform validate` when the
 * file is missing, so the examples are built and run with HOME pointing at a scratch directory that
 * holds throwaway keys under the usual names. Their content never leaves this machine.
 */
function useThrowawayHome(): string {
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

/** The stacks buildExamples adds (whatever they are), synthesized as `npm run synth` would. */
function exampleStacks(): Array<{ name: string; dir: string }> {
  useThrowawayHome();
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "harness-examples-")) });
  buildExamples(app);
  return stacksOf(app).map((stack) => ({ name: stack.node.id, dir: synthStackDir(stack) }));
}

function synthesized(dir: string): any {
  return JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8"));
}

function declaredResources(dir: string): Array<Record<string, any>> {
  return Object.values(synthesized(dir).resource ?? {}).flatMap(
    (byName: any) => Object.values(byName) as Array<Record<string, any>>,
  );
}

/** Resource instances the stack declares: a `for_each` block (the cluster's memberships) has one per key. */
function declaredInstances(dir: string): number {
  return declaredResources(dir).reduce(
    (sum, r) => sum + (r.for_each && typeof r.for_each === "object" ? Object.keys(r.for_each).length : 1),
    0,
  );
}

function protectedResources(dir: string): number {
  return declaredResources(dir).filter((r) => r.lifecycle?.prevent_destroy === true).length;
}

describeWithTerraform("examples against the offline harness", () => {
  const stacks = exampleStacks();

  test("the examples build at least one stack", () => {
    expect(stacks.length).toBeGreaterThan(0);
  });

  describe.each(stacks)("$name", ({ dir }) => {
    test("terraform validate passes", async () => {
      const result = await validateStackDir(dir);
      expect(result.diagnostics).toEqual([]);
      expect(result.ok).toBe(true);
    });

    test("terraform plan creates every resource of the stack", async () => {
      const declared = declaredInstances(dir);
      const result = await planStackDir(dir);
      expect(result.diagnostics).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.resourcesToCreate).toBe(declared);
    });

    test("apply, re-plan with no changes, and destroy", async () => {
      const applied = await applyStackDir(dir, { provisioners: false });
      try {
        expect(applied.diagnostics).toEqual([]);
        expect(applied.ok).toBe(true);
        const resources = managedResourcesInState(applied.workDir);
        expect(resources.length).toBe(applied.resourcesToCreate);

        // Addresses in state and outputs are loopback only: never a routable or documentation range.
        const addresses =
          JSON.stringify([resources, await outputsOf(applied.workDir)]).match(/\b\d{1,3}(\.\d{1,3}){3}\b/g) ?? [];
        const configured = new Set(["0.0.0.0"]); // e.g. 0.0.0.0/0 in security group rules comes from the config
        expect(addresses.filter((a) => !a.startsWith("127.") && !configured.has(a))).toEqual([]);

        const replan = await planWorkDir(applied.workDir);
        expect(replan.ok).toBe(true);
        expect(replan.changes).toBe(0);

        // Data volumes carry prevent_destroy: destroy must refuse exactly those, then succeed once allowed.
        let destroyed = await destroyWorkDir(applied.workDir);
        const protectedCount = protectedResources(dir);
        if (protectedCount > 0) {
          expect(destroyed.ok).toBe(false);
          expect(destroyed.diagnostics).toHaveLength(protectedCount);
          for (const d of destroyed.diagnostics) expect(d).toMatch(/Instance cannot be destroyed.*prevent_destroy/);
          allowDestroy(applied.workDir);
          destroyed = await destroyWorkDir(applied.workDir);
        }
        expect(destroyed.diagnostics).toEqual([]);
        expect(destroyed.ok).toBe(true);
        expect(managedResourcesInState(applied.workDir)).toEqual([]);
      } finally {
        fs.rmSync(applied.workDir, { recursive: true, force: true });
      }
    });
  });
});
