/**
 * Every stack the examples build goes through real Terraform against the fake cloud: validate,
 * plan, apply (provisioners stripped), a second plan that must be empty, and destroy.
 */
import * as fs from "fs";
import * as path from "path";
import {
  allowDestroy,
  applyStackDir,
  describeWithTerraform,
  destroyWorkDir,
  managedResourcesInState,
  outputsOf,
  planStackDir,
  planWorkDir,
  validateStackDir,
} from "cdktf-stackato-openstack-harness";
import { exampleStacks } from "../support/example-stacks";

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
