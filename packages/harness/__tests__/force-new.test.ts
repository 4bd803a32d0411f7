/**
 * provider-schemas/force-new.json against the schema files it annotates, and replacePaths, the
 * RequiresReplace answer of the fake cloud. The real plans are in force-new-plan.test.ts.
 */
import * as fs from "fs";
import * as path from "path";
import { decodeMsgpack, encodeMsgpack, UNKNOWN, Value, ValueObject } from "../cty";
import { FakeProvider } from "../fake-provider";
import { FORCE_NEW_FILE, forceNewTable, ForceNewTable, replacePaths } from "../force-new";
import { impliedType, loadProviderSchemas, providerSchemasDir, SchemaBlock } from "../schema";

const table = forceNewTable();
const served = loadProviderSchemas();
const resourceSchemas = Object.assign({}, ...served.map((p) => p.schema.resource_schemas ?? {})) as Record<
  string,
  { block: SchemaBlock }
>;
const blockOf = (type: string): SchemaBlock => resourceSchemas[type].block;

/** A full object value for `block` as Terraform sends it: every key, null (or [] for a list or set block) unless given. */
function value(block: SchemaBlock, given: ValueObject): ValueObject {
  const result: ValueObject = {};
  for (const name of Object.keys(block.attributes ?? {})) result[name] = given[name] ?? null;
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    result[name] = given[name] ?? (nested.nesting_mode === "list" || nested.nesting_mode === "set" ? [] : null);
  }
  return result;
}

function pathExists(block: SchemaBlock, dotted: string): boolean {
  const names = dotted.split(".");
  let current: SchemaBlock | undefined = block;
  for (const [i, name] of names.entries()) {
    if (!current) return false;
    if (i === names.length - 1) return Boolean(current.attributes?.[name] ?? current.block_types?.[name]);
    current = current.block_types?.[name]?.block;
  }
  return false;
}

/** The canonical text: record fields in a fixed order, map keys and paths sorted, 2 spaces, newline. */
function canonical(t: ForceNewTable & { "//": string }): string {
  const sorted = <T>(record: Record<string, T>, each: (v: T) => unknown) =>
    Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((k) => [k, each(record[k])]),
    );
  const tidy = {
    "//": t["//"],
    sources: sorted(t.sources, (s) => ({
      version: s.version,
      repository: s.repository,
      tag: s.tag,
      commit: s.commit,
      sdk: s.sdk,
    })),
    resources: sorted(t.resources, (r) => ({
      provider: r.provider,
      forceNew: [...r.forceNew].sort(),
      ...(r.conditional && {
        conditional: [...r.conditional]
          .sort((a, b) => (a.attribute < b.attribute ? -1 : a.attribute > b.attribute ? 1 : 0))
          .map((c) => ({ attribute: c.attribute, when: c.when })),
      }),
      ...(r.defaults && { defaults: sorted(r.defaults, (v) => v) }),
      ...(r.stateFuncs && { stateFuncs: [...r.stateFuncs].sort() }),
      ...(r.unresolved && { unresolved: [...r.unresolved].sort() }),
    })),
  };
  return `${JSON.stringify(tidy, null, 2)}\n`;
}

describe("force-new.json", () => {
  const file = path.join(providerSchemasDir(), FORCE_NEW_FILE);

  test("names the commit of each provider source it was read from", () => {
    expect(table.sources["terraform-provider-openstack/openstack"]).toEqual({
      version: "3.4.0",
      repository: "github.com/terraform-provider-openstack/terraform-provider-openstack",
      tag: "v3.4.0",
      commit: "4fd8eba1f85edfdc7aed2d17bae3f3c814abad41",
      sdk: "terraform-plugin-sdk/v2",
    });
    expect(table.sources["hashicorp/null"]).toEqual({
      version: "3.3.1",
      repository: "github.com/hashicorp/terraform-provider-null",
      tag: "v3.3.1",
      commit: "cd8ea3464380be767591b25b7cc09d8a02997073",
      sdk: "terraform-plugin-framework",
    });
  });

  test("has an entry for exactly the resource types of the schema files", () => {
    expect(Object.keys(table.resources).sort()).toEqual(Object.keys(resourceSchemas).sort());
    expect(Object.keys(table.resources)).toContain("null_resource");
  });

  test("every forceNew and conditional path exists in the schema, and nothing is unresolved", () => {
    const missing = Object.entries(table.resources).flatMap(([type, entry]) =>
      [...entry.forceNew, ...(entry.conditional ?? []).map((c) => c.attribute)]
        .filter((p) => !pathExists(blockOf(type), p))
        .map((p) => `${type}: ${p}`),
    );
    expect(missing).toEqual([]);
    const unresolved = Object.entries(table.resources).filter(([, entry]) => entry.unresolved);
    expect(unresolved).toEqual([]);
  });

  test("is in canonical form, so regenerating it gives the same bytes", () => {
    const text = fs.readFileSync(file, "utf8");
    expect(canonical(JSON.parse(text))).toBe(text);
  });

  test("matches the Go source where we checked it by hand", () => {
    const r = table.resources;
    expect(r.null_resource.forceNew).toEqual(["triggers"]);
    // Every argument of a security group rule replaces it (the provider has no Update for rules).
    const rule = blockOf("openstack_networking_secgroup_rule_v2");
    expect(r.openstack_networking_secgroup_rule_v2.forceNew).toEqual(
      Object.keys(rule.attributes!)
        .filter((a) => a !== "id")
        .sort(),
    );
    expect(r.openstack_blockstorage_volume_v3.forceNew).not.toContain("size"); // extended in place
    expect(r.openstack_compute_instance_v2.forceNew).toEqual(expect.arrayContaining(["network", "network.uuid"]));
    expect(r.openstack_compute_instance_v2.forceNew).not.toContain("block_device"); // only its fields
    expect(r.openstack_compute_instance_v2.forceNew).not.toContain("image_id"); // a rebuild in place
    expect(r.openstack_compute_instance_v2.conditional!.map((c) => c.attribute)).toEqual(["flavor_id", "flavor_name"]);
    expect(r.openstack_compute_instance_v2.conditional![0].when).toMatch(
      /^flavor_id changes and the old value is an empty/,
    );
  });
});

describe("replacePaths", () => {
  const volumeType = "openstack_blockstorage_volume_v3";
  const volume = blockOf(volumeType);
  const prior = value(volume, { id: "v-1", name: "data", size: 10, availability_zone: "nova", region: "r1" });
  const paths = (type: string, before: Value, after: Value, block: SchemaBlock | undefined = blockOf(type)) =>
    replacePaths(table, type, before, after, block).map((p) => p.steps);

  test("a create (null prior) or a destroy (null proposal) replaces nothing", () => {
    expect(paths(volumeType, null, prior)).toEqual([]);
    expect(paths(volumeType, prior, null)).toEqual([]);
  });

  test("a changed forceNew attribute is reported; changed in-place attributes are not", () => {
    expect(paths(volumeType, prior, { ...prior, availability_zone: "nova-2" })).toEqual([
      [{ attribute_name: "availability_zone" }],
    ]);
    expect(paths(volumeType, prior, { ...prior, description: "new", size: 20, name: "renamed" })).toEqual([]);
    expect(paths(volumeType, prior, prior)).toEqual([]);
  });

  test("a forceNew attribute that becomes unknown is reported", () => {
    expect(paths(volumeType, prior, { ...prior, image_id: UNKNOWN })).toEqual([[{ attribute_name: "image_id" }]]);
  });

  test("a field of a list block gets the element's path; a set block is reported whole", () => {
    const type = "openstack_compute_instance_v2";
    const instance = blockOf(type);
    const device = (size: number) =>
      value(instance.block_types!.block_device.block, { source_type: "image", uuid: "img", volume_size: size });
    const hints = (group: string) => value(instance.block_types!.scheduler_hints.block, { group });
    const before = value(instance, { name: "vm", block_device: [device(10)], scheduler_hints: [hints("g1")] });
    expect(paths(type, before, { ...before, block_device: [device(20)] })).toEqual([
      [{ attribute_name: "block_device" }, { element_key_int: 0 }, { attribute_name: "volume_size" }],
    ]);
    expect(paths(type, before, { ...before, scheduler_hints: [hints("g2")] })).toEqual([
      [{ attribute_name: "scheduler_hints" }],
    ]);
    // A second element whose forceNew fields are all set is a change at index 1.
    expect(paths(type, before, { ...before, block_device: [device(10), device(5)] }).map((s) => s[1])).toEqual(
      expect.arrayContaining([{ element_key_int: 1 }]),
    );
  });

  test("a forceNew block replaces when its element count changes, not for its in-place fields", () => {
    const type = "openstack_compute_instance_v2";
    const instance = blockOf(type);
    const network = (access: boolean) =>
      value(instance.block_types!.network.block, { uuid: "net-1", access_network: access });
    const before = value(instance, { name: "vm", network: [network(false)] });
    expect(paths(type, before, { ...before, network: [network(true)] })).toEqual([]);
    expect(paths(type, before, { ...before, network: [network(false), network(false)] })).toContainEqual([
      { attribute_name: "network" },
    ]);
  });

  test("conditional attributes (a flavor change is a resize) are not replacements", () => {
    const type = "openstack_compute_instance_v2";
    const before = value(blockOf(type), { name: "vm", flavor_id: "f-1", flavor_name: "m1.small" });
    expect(paths(type, before, { ...before, flavor_id: "f-2", flavor_name: "m1.large" })).toEqual([]);
  });

  test("null_resource triggers: a changed value replaces; null and {} are the same", () => {
    const before = { id: "1", triggers: { a: "1" } };
    expect(paths("null_resource", before, { id: "1", triggers: { a: "2" } })).toEqual([
      [{ attribute_name: "triggers" }],
    ]);
    expect(paths("null_resource", { id: "1", triggers: null }, { id: "1", triggers: {} })).toEqual([]);
  });

  test("without a schema block values compare whole; types the table does not know replace nothing", () => {
    const type = "openstack_compute_instance_v2";
    const network = (access: boolean) => ({ uuid: "net-1", access_network: access });
    expect(replacePaths(table, type, { network: [network(false)] }, { network: [network(true)] })).toEqual([
      { steps: [{ attribute_name: "network" }] },
    ]);
    expect(replacePaths(table, "openstack_unknown_v1", { a: "1" }, { a: "2" })).toEqual([]);
  });
});

describe("FakeProvider.planResourceChange", () => {
  test("answers requires_replace with the changed forceNew paths", () => {
    const provider = new FakeProvider(served.find((p) => p.name === "openstack")!);
    const type = impliedType(blockOf("openstack_blockstorage_volume_v3"));
    const before = value(blockOf("openstack_blockstorage_volume_v3"), {
      id: "v-1",
      size: 1,
      availability_zone: "a",
      region: "r1", // computed: were it null, planning would make it unknown, itself a replacement
    });
    const response = provider.planResourceChange({
      type_name: "openstack_blockstorage_volume_v3",
      prior_state: { msgpack: encodeMsgpack(before, type) },
      proposed_new_state: { msgpack: encodeMsgpack({ ...before, availability_zone: "b" }, type) },
    });
    expect(response.requires_replace).toEqual([{ steps: [{ attribute_name: "availability_zone" }] }]);
    expect(decodeMsgpack((response.planned_state as any).msgpack, type)).toMatchObject({ availability_zone: "b" });
  });
});
