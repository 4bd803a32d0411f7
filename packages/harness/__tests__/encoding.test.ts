/** The msgpack/cty encoding the harness speaks with Terraform: unknowns, complete objects, JSON state. */
import { encode, ExtData } from "@msgpack/msgpack";
import { CtyType, decodeJson, decodeMsgpack, encodeMsgpack, isUnknown, UNKNOWN, ValueObject } from "../cty";

const portLike: CtyType = [
  "object",
  {
    id: "string",
    admin_state_up: "bool",
    all_fixed_ips: ["list", "string"],
    binding: ["list", ["object", { vif_type: "string", profile: "string" }]],
    value_specs: ["map", "string"],
    mtu: "number",
  },
];

describe("cty msgpack encoding", () => {
  test("any msgpack extension decodes as unknown: type 0 (plain) and type 12 (refined)", () => {
    const bytes = encode({
      id: new ExtData(0, new Uint8Array([0])),
      all_fixed_ips: new ExtData(12, new Uint8Array([0x81, 1, 0xc3])),
    });
    const value = decodeMsgpack(bytes, portLike) as ValueObject;
    expect(isUnknown(value.id)).toBe(true);
    expect(isUnknown(value.all_fixed_ips)).toBe(true);
    expect(value.mtu).toBeNull();
  });

  test("unknown encodes as Terraform does: fixext1 of extension type 0 (d4 00 00)", () => {
    expect([...encodeMsgpack(UNKNOWN, "string")]).toEqual([0xd4, 0x00, 0x00]);
  });

  test("objects are written with every attribute, null where there is no value", () => {
    const bytes = encodeMsgpack({ id: "x" }, portLike);
    const roundTrip = decodeMsgpack(bytes, portLike) as ValueObject;
    expect(Object.keys(roundTrip).sort()).toEqual([
      "admin_state_up",
      "all_fixed_ips",
      "binding",
      "id",
      "mtu",
      "value_specs",
    ]);
    expect(roundTrip.binding).toBeNull();
  });

  test("unknowns inside nested blocks survive a round trip, known values stay as they were", () => {
    const value = {
      id: "a",
      admin_state_up: true,
      all_fixed_ips: [UNKNOWN],
      binding: [{ vif_type: UNKNOWN, profile: "p" }],
      value_specs: { k: "v" },
      mtu: 1500,
    };
    const back = decodeMsgpack(encodeMsgpack(value, portLike), portLike) as any;
    expect(isUnknown(back.all_fixed_ips[0])).toBe(true);
    expect(isUnknown(back.binding[0].vif_type)).toBe(true);
    expect(back.binding[0].profile).toBe("p");
    expect(back.value_specs).toEqual({ k: "v" });
    expect(back.mtu).toBe(1500);
  });

  test("empty bytes are a null value (Terraform's 'no prior state')", () => {
    expect(decodeMsgpack(Buffer.alloc(0), portLike)).toBeNull();
  });

  test("JSON state (UpgradeResourceState) decodes against the schema, adding missing attributes as null", () => {
    const value = decodeJson('{"id":"a","all_fixed_ips":["127.0.0.1"]}', portLike) as ValueObject;
    expect(value.id).toBe("a");
    expect(value.all_fixed_ips).toEqual(["127.0.0.1"]);
    expect(value.admin_state_up).toBeNull();
    expect(Object.keys(value)).toHaveLength(6);
  });
});
