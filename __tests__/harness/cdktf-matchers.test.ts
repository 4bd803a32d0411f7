/**
 * cdktf's own matchers (Testing.setupJest) run `terraform init` then `validate`/`plan` with execSync
 * and process.env. Under the harness they work unchanged: init skips reattached providers and
 * configures the local backend offline.
 */
import { LocalBackend, TerraformStack, Testing } from "cdktf";
import { NetworkingSecgroupV2 } from "../../.gen/providers/openstack/networking-secgroup-v2";
import { OpenstackProvider } from "../../lib/openstack";
import { StackatoSecurityGroups } from "../../lib";
import { describeWithTerraform } from "cdktf-stackato-openstack-harness";
// Brings the matcher typings (toBeValidTerraform, toPlanSuccessfully) into jest.Matchers.
import "cdktf/lib/testing/adapters/jest";

Testing.setupJest();

function stackWith(build: (stack: TerraformStack) => void): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "matchers");
  new OpenstackProvider(stack, "openstack", {});
  new LocalBackend(stack, { path: "terraform.matchers.tfstate" });
  build(stack);
  return stack;
}

describeWithTerraform("stock cdktf matchers under the harness", () => {
  test("toBeValidTerraform and toPlanSuccessfully pass for a library construct", () => {
    const dir = Testing.fullSynth(stackWith((stack) => new StackatoSecurityGroups(stack, "Groups", {})));
    expect(dir).toBeValidTerraform();
    expect(dir).toPlanSuccessfully();
  });

  test("toBeValidTerraform fails for a computed-only attribute", () => {
    const dir = Testing.fullSynth(
      stackWith((stack) => {
        const group = new NetworkingSecgroupV2(stack, "Group", { name: "g" });
        group.addOverride("all_tags", ["set-by-hand"]);
      }),
    );
    expect(dir).not.toBeValidTerraform();
  });
});
