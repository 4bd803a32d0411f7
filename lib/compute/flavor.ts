import { nonBlank, wholeNumber } from "../base/validation";
import { STACKATO_MIN_RAM_MB } from "./image";
import { literalSafe } from "../base/terraform-text";

/** Which Nova flavor a node boots with. */
export interface FlavorProps {
  /**
   * Nova flavor name, as `nova flavor-list` shows it. Give `flavorName` or `flavorId`.
   * @default "m1.medium", the example flavor of the Stackato OpenStack guide, unless `flavorId` is given
   */
  readonly flavorName?: string;

  /**
   * Nova flavor id.
   * @default - none; `flavorName` is used
   */
  readonly flavorId?: string;

  /**
   * The flavor's RAM in MB, if you know it, so synth can refuse a flavor Stackato cannot run on.
   * OpenStack's classic flavors (m1.tiny ... m1.xlarge) are known without it.
   * @default - the classic flavor's RAM, or unchecked for other flavors
   */
  readonly flavorRamMb?: number;
}

/** RAM of the flavors OpenStack has shipped by default since Essex. */
const CLASSIC_FLAVOR_RAM_MB: Record<string, number> = {
  "m1.tiny": 512,
  "m1.small": 2048,
  "m1.medium": 4096,
  "m1.large": 8192,
  "m1.xlarge": 16384,
};

export const DEFAULT_FLAVOR = "m1.medium";

/** `flavor_name`/`flavor_id` fields for `openstack_compute_instance_v2`. */
export function flavorFields(props: FlavorProps): { flavorName?: string; flavorId?: string } {
  if (props.flavorId !== undefined) return { flavorId: literalSafe(props.flavorId) };
  return { flavorName: literalSafe(props.flavorName ?? DEFAULT_FLAVOR) };
}

/** Problems with the flavor props; `where` prefixes prop names, e.g. "addDeas(flavorName)". */
export function flavorErrors(props: FlavorProps, where = ""): string[] {
  const name = (prop: string) => (where ? `${where}.${prop}` : prop);
  if (props.flavorName !== undefined && props.flavorId !== undefined) {
    return [`${name("flavorName")}: both flavorName and flavorId are given; give one of them`];
  }
  const shapeErrors = [
    ...nonBlank(
      name("flavorName"),
      props.flavorName,
      "give a flavor name from `nova flavor-list`, or leave it out for m1.medium",
    ),
    ...nonBlank(name("flavorId"), props.flavorId, "give a flavor id from `nova flavor-list`, or leave it out"),
    ...wholeNumber(name("flavorRamMb"), props.flavorRamMb, { min: 1 }, "a RAM size in MB"),
  ];
  if (shapeErrors.length > 0) return shapeErrors;
  const ram =
    props.flavorRamMb ??
    (props.flavorId === undefined ? CLASSIC_FLAVOR_RAM_MB[props.flavorName ?? DEFAULT_FLAVOR] : undefined);
  if (ram !== undefined && ram < STACKATO_MIN_RAM_MB) {
    const flavor = props.flavorName ?? props.flavorId ?? DEFAULT_FLAVOR;
    return [
      `${name(props.flavorId !== undefined ? "flavorId" : "flavorName")}: flavor '${flavor}' has ${ram} MB RAM; Stackato needs at least ${STACKATO_MIN_RAM_MB}, so pick a larger flavor such as m1.medium`,
    ];
  }
  return [];
}
