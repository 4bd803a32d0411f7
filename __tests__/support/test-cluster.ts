import { Construct } from "constructs";
import { StackatoCluster, StackatoClusterProps, StackatoImage } from "../../lib";

/**
 * The small cluster most construct tests start from: an existing image (one per scope, reused), key
 * pair and network, logins through ssh-agent. Each test passes what its assertions depend on.
 */
export function testCluster(
  scope: Construct,
  overrides: Partial<StackatoClusterProps> = {},
  id = "Cluster",
): StackatoCluster {
  const image =
    (scope.node.tryFindChild("Image") as StackatoImage | undefined) ??
    new StackatoImage(scope, "Image", { existingImageName: "Stackato-3.6.2" });
  return new StackatoCluster(scope, id, {
    domain: "paas.example.com",
    image,
    keyName: "ops",
    networkName: "private",
    ssh: { useSshAgent: true },
    ...overrides,
  });
}
