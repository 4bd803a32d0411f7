/** The provider behaviour the fake cloud copies at plan: Defaults and StateFuncs from force-new.json. */
import { createHash } from "crypto";
import { UNKNOWN } from "../cty";
import { forceNewTable } from "../force-new";
import { planResourceChange } from "../plan";
import { planBehaviour, plannedAttribute, STATE_FUNCS } from "../plan-behaviour";
import { SchemaBlock } from "../schema";

test("every StateFunc in the table is implemented, and nothing else is", () => {
  const table = forceNewTable();
  const listed = Object.entries(table.resources).flatMap(([type, e]) =>
    (e.stateFuncs ?? []).map((p) => `${type}.${p}`),
  );
  expect(listed.sort()).toEqual(Object.keys(STATE_FUNCS).sort());
  for (const type of Object.keys(table.resources)) expect(() => planBehaviour(type)).not.toThrow();
});

test("an instance's user_data plans to its SHA-1, as the provider stores it; unknown stays unknown", () => {
  const behaviour = planBehaviour("openstack_compute_instance_v2");
  const sha1 = createHash("sha1").update("#cloud-config\n").digest("hex");
  expect(plannedAttribute(behaviour, "user_data", "#cloud-config\n")).toBe(sha1);
  expect(plannedAttribute(behaviour, "user_data", UNKNOWN)).toBe(UNKNOWN);
  expect(behaviour.legacyTypeSystem).toBe(true);
  expect(planBehaviour("null_resource").legacyTypeSystem).toBe(false);
});

test("defaults fill unset arguments only, also inside nested blocks", () => {
  const behaviour = planBehaviour("openstack_compute_instance_v2");
  expect(plannedAttribute(behaviour, "power_state", null)).toBe("active");
  expect(plannedAttribute(behaviour, "power_state", "shutoff")).toBe("shutoff");
  const block: SchemaBlock = {
    attributes: { name: { type: "string", required: true }, power_state: { type: "string", optional: true } },
    block_types: {
      network: {
        nesting_mode: "list",
        block: {
          attributes: { uuid: { type: "string", optional: true }, access_network: { type: "bool", optional: true } },
        },
      },
    },
  } as unknown as SchemaBlock;
  const planned = planResourceChange(
    block,
    null,
    { name: "n", power_state: null, network: [{ uuid: "u", access_network: null }] },
    behaviour,
  );
  expect(planned).toEqual({ name: "n", power_state: "active", network: [{ uuid: "u", access_network: false }] });
});
