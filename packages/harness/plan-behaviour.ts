/**
 * What a provider does to a planned value that its JSON schema cannot say, so that the fake cloud plans and
 * stores what the real provider would: `Default` values for unset arguments, and `StateFunc`s, which store a
 * function of the configured value (the instance's user_data is kept as its SHA-1). Without them, a state the
 * fake wrote differs from one the real provider writes, and the real provider plans changes against it.
 * The defaults and the list of StateFunc paths come from provider-schemas/force-new.json (extracted from the
 * providers' Go source); the functions themselves are here, one per path, checked against that list by a test.
 */
import { createHash } from "crypto";
import { isUnknown, stableStringify, Value } from "./cty";
import { forceNewTable } from "./force-new";

export interface PlanBehaviour {
  /** By dotted path ("power_state", "block_device.multiattach"). */
  readonly defaults: Readonly<Record<string, Value>>;
  readonly stateFuncs: Readonly<Record<string, (value: string) => string>>;
  /**
   * SDKv2 providers flag every plan and apply as made with the legacy type system; Terraform then accepts a
   * planned value that differs from the configuration (a Default, a StateFunc) instead of calling it a bug.
   */
  readonly legacyTypeSystem: boolean;
}

/** The providers' StateFuncs, as their Go source writes them. */
export const STATE_FUNCS: Readonly<Record<string, (value: string) => string>> = {
  // hex.EncodeToString(sha1.Sum([]byte(v)))
  "openstack_compute_instance_v2.user_data": (value) => createHash("sha1").update(value, "utf8").digest("hex"),
  // structure.NormalizeJsonString: unmarshal and marshal again, so keys sort and spacing goes
  "openstack_networking_port_v2.binding.profile": (value) => {
    try {
      return stableStringify(JSON.parse(value));
    } catch {
      return value;
    }
  },
  // strings.ToLower
  "openstack_networking_secgroup_rule_v2.remote_ip_prefix": (value) => value.toLowerCase(),
};

const NONE: PlanBehaviour = { defaults: {}, stateFuncs: {}, legacyTypeSystem: false };
const byType = new Map<string, PlanBehaviour>();

export function planBehaviour(typeName: string): PlanBehaviour {
  let behaviour = byType.get(typeName);
  if (!behaviour) {
    const table = forceNewTable();
    const entry = table.resources[typeName];
    behaviour = entry
      ? {
          legacyTypeSystem: table.sources[entry.provider]?.sdk === "terraform-plugin-sdk/v2",
          defaults: entry.defaults ?? {},
          stateFuncs: Object.fromEntries(
            (entry.stateFuncs ?? []).map((p) => [p, STATE_FUNCS[`${typeName}.${p}`] ?? missingStateFunc(typeName, p)]),
          ),
        }
      : NONE;
    byType.set(typeName, behaviour);
  }
  return behaviour;
}

function missingStateFunc(typeName: string, attributePath: string): never {
  throw new Error(
    `${typeName}.${attributePath} has a StateFunc in provider-schemas/force-new.json that harness/plan-behaviour.ts does not implement; add it to STATE_FUNCS`,
  );
}

/** The planned value of one attribute: the StateFunc of a configured string, the default of an unset argument. */
export function plannedAttribute(behaviour: PlanBehaviour, dotted: string, value: Value): Value {
  if (value === null) return behaviour.defaults[dotted] ?? null;
  const stateFunc = behaviour.stateFuncs[dotted];
  if (stateFunc && typeof value === "string" && !isUnknown(value)) return stateFunc(value);
  return value;
}
