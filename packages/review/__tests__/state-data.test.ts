/** Data-source references in an offline plan take the state's values, written as safe HCL literals. */
import { substituteDataReferences, TerraformState } from "../state-data";

const state: TerraformState = {
  version: 4,
  resources: [
    {
      mode: "data",
      type: "openstack_images_image_v2",
      name: "image",
      instances: [{ attributes: { id: "img-1", tags: ["a", "b"], name: "odd ${x} %{y}" } }],
    },
    { mode: "managed", type: "openstack_compute_instance_v2", name: "i", instances: [{ attributes: { id: "srv" } }] },
  ],
};

test("references inside interpolations become literals; data blocks and other references stay", () => {
  const config = {
    data: { openstack_images_image_v2: { image: { name: "${data.openstack_images_image_v2.other.id}" } } },
    resource: {
      openstack_compute_instance_v2: {
        i: {
          image_id: "${data.openstack_images_image_v2.image.id}",
          name: "web-${data.openstack_images_image_v2.image.tags[1]}",
          user_data: "${openstack_compute_instance_v2.i.id}",
          description: "${data.openstack_images_image_v2.image.name}",
          network: [{ name: "${data.openstack_networking_network_v2.net.name}" }],
        },
      },
    },
  };
  const { config: out, unresolved } = substituteDataReferences(config, state) as { config: any; unresolved: string[] };
  const instance = out.resource.openstack_compute_instance_v2.i;
  expect(instance.image_id).toBe('${"img-1"}');
  expect(instance.name).toBe('web-${["a","b"][1]}');
  expect(instance.user_data).toBe("${openstack_compute_instance_v2.i.id}");
  expect(instance.description).toBe('${"odd $${x} %%{y}"}'); // never a template inside the literal
  expect(out.data).toEqual(config.data);
  expect(unresolved).toEqual(["data.openstack_networking_network_v2.net"]);
});
