import { Token, Tokenization } from "cdktf";

/**
 * Reusable checks behind the constructs' validation messages. Each returns the messages for one
 * prop, in the library's style `<prop path>: <what is wrong>; <the fix>`, and an empty list when the
 * value is fine or not given. A token (a Terraform reference) is left to Terraform: its value is
 * only known at plan or apply time.
 */

/** A string prop that was given but holds nothing (or only whitespace). */
export function nonBlank(prop: string, value: string | undefined, fix: string): string[] {
  if (value === undefined || Token.isUnresolved(value)) return [];
  return value.trim() === "" ? [`${prop}: is empty; ${fix}`] : [];
}

/** Checks `nonBlank` for several optional props at once: `[prop, value, fix]` rows. */
export function nonBlanks(rows: ReadonlyArray<readonly [string, string | undefined, string]>): string[] {
  return rows.flatMap(([prop, value, fix]) => nonBlank(prop, value, fix));
}

/**
 * A prop that synth must read as text, because it decides what is built or is checked against a
 * list: a Terraform reference (known only at plan or apply time) is refused, with the reason.
 */
export function textNotReference(
  prop: string,
  value: string | undefined,
  what: string,
  reason: string,
  fix: string,
): string[] {
  if (value === undefined || !Token.isUnresolved(value)) return [];
  return [`${prop}: a Terraform reference cannot be ${what}, because ${reason}; ${fix}`];
}

const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";

/**
 * A name that becomes part of server names, security group names, output names and a local folder:
 * one DNS label (letters, digits and inner hyphens), short enough that `<name>-controller-12` is
 * one too.
 */
export function dnsLabel(
  prop: string,
  value: string | undefined,
  maxLength: number,
  usedFor = "it names servers, security groups, outputs and a key folder",
  referenceAllowed = true,
): string[] {
  if (value !== undefined && Token.isUnresolved(value) && !referenceAllowed) {
    return [
      `${prop}: a Terraform reference cannot be this name, because synth needs its text: ${usedFor}, and output and variable names are fixed in cdk.tf.json; give the name itself (read it from an environment variable at synth if it varies)`,
    ];
  }
  if (value === undefined || Token.isUnresolved(value)) return [];
  if (value.length <= maxLength && new RegExp(`^${LABEL}$`).test(value)) return [];
  return [
    `${prop}: "${value}" is not a DNS label of at most ${maxLength} characters; ${usedFor}, so use letters, digits and inner hyphens, such as "paas-prod"`,
  ];
}

/**
 * The parts of a hostname check that Terraform's RE2 `regex()` and JavaScript agree on. They use
 * `[.]`, not a backslash, so no string escaping (JSON, HCL) can change them on the way.
 */
export const HOSTNAME_PATTERN = `^(?:${LABEL}[.])*${LABEL}$`;
/** A last label of digits only makes an IP address, not a hostname. */
export const NUMERIC_TLD_PATTERN = "(?:^|[.])[0-9]+$";
export const HOSTNAME_MAX_LENGTH = 253;

/** Whether `value` is a DNS hostname, one label or more. */
export function isHostname(value: string): boolean {
  return (
    value.length <= HOSTNAME_MAX_LENGTH &&
    new RegExp(HOSTNAME_PATTERN).test(value) &&
    !new RegExp(NUMERIC_TLD_PATTERN).test(value)
  );
}

export interface WholeNumberRange {
  readonly min: number;
  readonly max?: number;
}

/** A whole number in a range: refuses NaN, Infinity and fractions, which `<` and `>` let through. */
export function wholeNumber(prop: string, value: number | undefined, range: WholeNumberRange, what: string): string[] {
  if (value === undefined) return [];
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (Number.isSafeInteger(value) && value >= range.min && value <= max) return [];
  const bounds = range.max === undefined ? `at least ${range.min}` : `${range.min}-${range.max}`;
  return [`${prop}: ${value} is not ${what}; give a whole number, ${bounds}`];
}

/** A TCP port number. */
export function portNumber(prop: string, value: number | undefined): string[] {
  return wholeNumber(prop, value, { min: 1, max: 65535 }, "a port");
}

/**
 * A Stackato 3.x release such as "3.6.2". 2.x images put kato, the droplets and the services in
 * other places, so the library's scripts would fail on them half way.
 */
export function stackatoVersion(prop: string, value: string | undefined, referenceAllowed = true): string[] {
  if (!referenceAllowed) {
    const refused = textNotReference(
      prop,
      value,
      "the version",
      "synth chooses the steps by it (staged uploads on the share from 3.2, for one)",
      'give the release itself, such as "3.6.2"',
    );
    if (refused.length > 0) return refused;
  }
  if (value === undefined || Token.isUnresolved(value)) return [];
  if (/^3\.\d{1,3}(\.\d{1,3}){0,2}$/.test(value)) return [];
  if (/^[0-2]\.\d+(\.\d+)*$/.test(value)) {
    return [
      `${prop}: "${value}" is a Stackato ${value.split(".")[0]}.x release, whose paths and kato commands differ from 3.x; use a Stackato 3.x image, such as "3.6.2"`,
    ];
  }
  return [`${prop}: "${value}" is not a Stackato release; give the image's 3.x version, such as "3.6.2"`];
}

/** A hostname as Stackato's `kato node rename` wants it: dot-separated DNS labels. A token is checked at plan time. */
export function domainErrors(domain: string): string[] {
  if (Token.isUnresolved(domain)) return [];
  if (!domain.includes(".") || !isHostname(domain)) {
    return [
      `domain: "${domain}" is not a hostname; give the cluster's DNS name, such as "paas.example.com" (the API becomes api.<domain>; for a quick test use "<floating ip>.nip.io")`,
    ];
  }
  return [];
}

const IPV4_OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
const IPV4 = new RegExp(`^${IPV4_OCTET}(?:[.]${IPV4_OCTET}){3}$`);

/** Whether `value` is a dotted-quad IPv4 address, such as "203.0.113.7". */
export function isIpv4(value: string): boolean {
  return IPV4.test(value);
}

/** A reserved floating IP: Neutron finds it by its address, so it must be one (a reference is left to Terraform). */
export function floatingIpAddressErrors(prop: string, value: string): string[] {
  if (Token.isUnresolved(value) || isIpv4(value)) return [];
  return [
    `${prop}: "${value}" is not an IPv4 address; give the address of a floating IP the project already has, as \`openstack floating ip list\` shows it (Floating IP Address)`,
  ];
}

/**
 * A secret prop must be a reference to a sensitive Terraform variable, and nothing but: a literal,
 * or literal text joined to a reference, would be written into cdk.tf.json.
 */
export function secretReferenceErrors(prop: string, value: string | undefined, variableName: string): string[] {
  if (value === undefined) return [];
  const variable = `new TerraformVariable(this, "${variableName}", { type: "string", sensitive: true }).stringValue`;
  if (!Token.isUnresolved(value)) {
    return [
      `${prop}: a literal would be written into cdk.tf.json; pass a sensitive TerraformVariable's value (${variable})`,
    ];
  }
  if (Tokenization.reverseString(value).literals.length > 0) {
    return [
      `${prop}: mixes literal text with a reference, and the literal part would be written into cdk.tf.json; put the whole value in the sensitive variable and pass its value alone`,
    ];
  }
  return [];
}
