/**
 * Every construct class the package exports, made with `new` as a user would: it either works on
 * its own, or it is refused with the method to call instead. None may quietly build half of
 * something (a volume that nothing mounts).
 */
import { Testing, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import * as lib from "../lib";
import {
  DataServicesVolume,
  NodeVolume,
  SharedDropletVolume,
  StackatoCluster,
  StackatoImage,
  StackatoMicroCloud,
} from "../lib";
import { newStack, recordStack } from "./support/synth";

function oneControllerCluster(stack: TerraformStack, provisioning = true): StackatoCluster {
  const cluster = new StackatoCluster(stack, "Cluster", {
    domain: "paas.example.com",
    image: new StackatoImage(stack, "Image", { existingImageName: "Stackato-3.6.2" }),
    keyName: "ops",
    networkName: "private",
    ssh: provisioning ? { privateKeyPath: "~/.ssh/id_rsa" } : undefined,
    provisioning,
  });
  cluster.addDeas();
  return cluster;
}

function synthMessage(stack: TerraformStack): string {
  try {
    Testing.synth(stack, true);
    return "";
  } catch (err) {
    return String((err as Error).message);
  }
}

/**
 * The constructors are private: `new` does not compile in TypeScript (the @ts-expect-error lines are
 * checked by `npm run typecheck`) and jsii makes the classes non-initializable in other languages.
 * JavaScript can still call them; these classes stand for such a caller.
 */
type AnyConstructor = new (...args: unknown[]) => unknown;
const JsSharedDropletVolume = SharedDropletVolume as unknown as AnyConstructor;
const JsDataServicesVolume = DataServicesVolume as unknown as AnyConstructor;

export function doesNotCompile(stack: TerraformStack, node: lib.StackatoNode): void {
  // @ts-expect-error the constructor is private: only the cluster builds a droplets volume
  new SharedDropletVolume(stack, "Droplets", { primary: node, clusterName: "stackato", sizeGb: 100 });
  // @ts-expect-error the constructor is private: only the cluster builds a data-services volume
  new DataServicesVolume(stack, "Data", { node, volumeName: "data" });
}

describe("SharedDropletVolume and DataServicesVolume: only the cluster builds them", () => {
  test("new SharedDropletVolume on a one-controller cluster is refused, naming cluster.addSharedDropletVolume()", () => {
    const stack = newStack();
    const cluster = oneControllerCluster(stack);
    expect(
      () =>
        new JsSharedDropletVolume(stack, "Droplets", { primary: cluster.core, clusterName: "stackato", sizeGb: 100 }),
    ).toThrow(/SharedDropletVolume test\/Droplets: .*call cluster\.addSharedDropletVolume\(\{ sizeGb, \.\.\. \}\)/);
  });

  test("given { cluster }, the shape its name suggests, it is the same clear error, not a TypeError", () => {
    const stack = newStack();
    const cluster = oneControllerCluster(stack);
    const props = { cluster };
    expect(() => new JsSharedDropletVolume(stack, "Droplets", props)).toThrow(/call cluster\.addSharedDropletVolume/);
    let thrown: unknown;
    try {
      new JsSharedDropletVolume(stack, "Droplets2", props);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).not.toBeInstanceOf(TypeError);
  });

  test("new DataServicesVolume is refused, naming cluster.addDataServices({ volume })", () => {
    const stack = newStack();
    const cluster = oneControllerCluster(stack);
    expect(() => new JsDataServicesVolume(stack, "Data", { node: cluster.core, volumeName: "data" })).toThrow(
      /DataServicesVolume test\/Data: .*call cluster\.addDataServices\(\{ volume: \{ sizeGb, \.\.\. \} \}\)/,
    );
  });

  test("addDataServices() returns its nodes with their volumes, so moveFromId can reach them", () => {
    const stack = newStack();
    const cluster = oneControllerCluster(stack);
    const [data] = cluster.addDataServices({ volume: { sizeGb: 20 } });
    expect(data.dataVolume).toBeInstanceOf(DataServicesVolume);
    data.dataVolume!.volume.moveFromId("openstack_blockstorage_volume_v3.old_data");
    const droplets = cluster.addSharedDropletVolume();
    expect(droplets.volume.terraformResourceType).toBe("openstack_blockstorage_volume_v3");
    const json = JSON.parse(Testing.synth(stack));
    expect(json.moved).toEqual([
      { from: "openstack_blockstorage_volume_v3.old_data", to: expect.stringMatching(/ServicesVolume_Storage_Volume/) },
    ]);
  });
});

describe("NodeVolume made with new", () => {
  test("on a cluster node: the cluster mounts it, after the attachment and once the node is reachable", () => {
    const stack = newStack();
    const cluster = oneControllerCluster(stack);
    const logs = new NodeVolume(stack, "Logs", {
      node: cluster.core,
      volumeName: "paas-logs",
      label: "logs",
      mountPoint: "/mnt/logs",
    });
    const out = recordStack(stack);
    const mount = out.resource("null_resource", "Logs/Mount/Resource");
    expect(mount.triggers).toMatchObject({ mount_point: "/mnt/logs", label: "logs" });
    expect(mount.triggers.instance_id).toBe(
      `\${${out.address("openstack_compute_instance_v2", "Core/Server/Instance")}.id}`,
    );
    expect(mount.depends_on).toEqual([
      out.address("openstack_compute_volume_attach_v2", "Logs/Attachment"),
      out.address("openstack_compute_instance_v2", "Core/Server/Instance"), // no floating IP pool
    ]);
    expect(mount.connection.host).toBeDefined();
    expect(logs.volume.terraformResourceType).toBe("openstack_blockstorage_volume_v3");
  });

  test("on a micro cloud's server: refused at synth, with what to do instead", () => {
    const stack = newStack();
    const micro = new StackatoMicroCloud(stack, "Micro", {
      image: new StackatoImage(stack, "Image", { existingImageName: "Stackato-3.6.2" }),
      keyName: "ops",
      networkName: "private",
    });
    new NodeVolume(stack, "Extra", { node: micro.core, volumeName: "extra", label: "extra" });
    expect(synthMessage(stack)).toMatch(
      /\[test\/Extra\] node: test\/Micro\/\w+ is not a node of a StackatoCluster, so nothing would format or mount this volume; put it on a cluster node/,
    );
  });

  test("on a cluster without provisioning: a warning that nothing mounts it", () => {
    const stack = newStack();
    const cluster = oneControllerCluster(stack, false);
    const volume = new NodeVolume(stack, "Extra", { node: cluster.core, volumeName: "extra", label: "extra" });
    Testing.synth(stack, true);
    expect(volume.node.metadata.map((m) => m.data)).toEqual([
      expect.stringContaining("provisioning is off, so nothing formats or mounts this volume"),
    ]);
  });
});

/** How each exported construct class behaves with `new`; a new export must be added here. */
const DIRECT_CONSTRUCTION: Record<string, "works on its own" | "registers with its cluster" | "refused"> = {
  StackatoSecurityGroup: "works on its own",
  StackatoSecurityGroups: "works on its own",
  StackatoNetwork: "works on its own",
  StackatoImage: "works on its own",
  StackatoKeypair: "works on its own",
  StackatoNode: "works on its own",
  StackatoMicroCloud: "works on its own",
  StackatoCluster: "works on its own",
  NodeVolume: "registers with its cluster",
  SharedDropletVolume: "refused",
  DataServicesVolume: "refused",
};

test("every exported construct class is accounted for", () => {
  const constructs = Object.entries(lib)
    .filter(([, value]) => typeof value === "function" && value.prototype instanceof Construct)
    .map(([name]) => name)
    .sort();
  expect(constructs).toEqual(Object.keys(DIRECT_CONSTRUCTION).sort());
});
