import { TerraformProvider, Testing } from "cdktf";
import { Construct } from "constructs";
import { NullProvider } from "../.gen/providers/null/provider";
import { StackatoImage, StackatoMicroCloud } from "../lib";
import { newStack } from "./support/synth";

/** A null provider class that is not ours: what a consumer's own @cdktf/provider-null looks like to us. */
class ForeignNullProvider extends TerraformProvider {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: "null",
      terraformGeneratorMetadata: { providerName: "null" },
      terraformProviderSource: "hashicorp/null",
    });
  }
  protected synthesizeAttributes(): Record<string, unknown> {
    return {};
  }
}

function microCloudWithProvisioning(scope: Construct): void {
  const image = new StackatoImage(scope, "Image", { existingImageName: "Stackato-3.6.2" });
  new StackatoMicroCloud(scope, "MicroCloud", {
    image,
    keyName: "ops",
    networkName: "private",
    domain: "micro.example.com",
    ssh: { useSshAgent: true },
  });
}

describe("the hashicorp/null provider", () => {
  test("one declared by another package before our constructs is used, not doubled", () => {
    const stack = newStack();
    new ForeignNullProvider(stack, "mine");
    microCloudWithProvisioning(stack);
    const json = JSON.parse(Testing.synth(stack, true));
    expect(json.provider.null).toHaveLength(1);
  });

  test("an aliased one does not count: the library still declares the default", () => {
    const stack = newStack();
    new NullProvider(stack, "aliased", { alias: "other" });
    microCloudWithProvisioning(stack);
    const json = JSON.parse(Testing.synth(stack, true));
    expect(json.provider.null).toHaveLength(2);
  });

  test("one declared after our constructs is refused at synth with the fix", () => {
    const stack = newStack();
    microCloudWithProvisioning(stack);
    new ForeignNullProvider(stack, "late");
    expect(() => Testing.synth(stack, true)).toThrow(
      /a hashicorp\/null provider was declared after a construct of this library added its own .*; declare yours before the first StackatoCluster or StackatoMicroCloud/,
    );
  });
});
