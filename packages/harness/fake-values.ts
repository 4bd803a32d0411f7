/**
 * Deterministic stand-ins for what a real cloud would return. Every value derives from a hash of a
 * seed (resource type + configuration + attribute path), so the same stack always applies to the
 * same state. Addresses come ONLY from loopback (127.0.0.0/8 and ::1): on the machines that run
 * this, documentation ranges such as 192.0.2.0/24 are real networks, and a fake address that leaks
 * into a script or a log must never point at a real host.
 */
import { createHash } from "crypto";
import { CtyType, Value } from "./cty";

function digest(seed: string): Buffer {
  return createHash("sha256").update(seed).digest();
}

/** A version-5-style UUID (RFC 4122 layout) derived from `seed`. */
export function fakeUuid(seed: string): string {
  const bytes = digest(`uuid\u0000${seed}`).subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** An IPv4 address inside 127.0.0.0/8, never the network or broadcast-looking .0/.255 host. */
export function fakeLoopbackIpv4(seed: string): string {
  const bytes = digest(`ipv4\u0000${seed}`);
  return `127.${bytes[0]}.${bytes[1]}.${1 + (bytes[2] % 254)}`;
}

/** A /24 inside 127.0.0.0/8, for CIDR-valued attributes. */
export function fakeLoopbackCidr(seed: string): string {
  const bytes = digest(`cidr\u0000${seed}`);
  return `127.${bytes[0]}.${bytes[1]}.0/24`;
}

/** A MAC in OpenStack's fa:16:3e prefix (what Neutron hands out), so it reads as a port's MAC. */
export function fakeMac(seed: string): string {
  const bytes = digest(`mac\u0000${seed}`);
  return ["fa", "16", "3e", ...[0, 1, 2].map((i) => bytes[i].toString(16).padStart(2, "0"))].join(":");
}

function nameTokens(attributeName: string): string[] {
  return attributeName.toLowerCase().split(/[_.]/);
}

const ADDRESS_TOKENS = new Set(["ip", "ips", "ipv4", "address", "addresses", "gateway", "nexthop"]);

/** Whether an attribute, by its name, holds an IP address (fixed_ips, access_ip_v4, address, ...). */
export function isAddressName(attributeName: string): boolean {
  const tokens = nameTokens(attributeName);
  if (tokens.includes("mac")) return false;
  return tokens.some((t) => ADDRESS_TOKENS.has(t)) || attributeName.includes("ip_v4");
}

function isIpv6Name(attributeName: string): boolean {
  const tokens = nameTokens(attributeName);
  return tokens.includes("v6") || tokens.includes("ipv6");
}

function isIdName(attributeName: string): boolean {
  const tokens = nameTokens(attributeName);
  return tokens[tokens.length - 1] === "id" || tokens[tokens.length - 1] === "ids";
}

/** A fake string for an attribute, chosen by what its name says it holds. */
export function fakeString(attributeName: string, seed: string): string {
  const tokens = nameTokens(attributeName);
  if (tokens.includes("mac")) return fakeMac(seed);
  // Ids first: "remote_address_group_id" is an id, not an address.
  if (isIdName(attributeName) || tokens.includes("uuid")) return fakeUuid(seed);
  if (tokens.includes("cidr") || tokens.includes("prefix"))
    return isIpv6Name(attributeName) ? "::1/128" : fakeLoopbackCidr(seed);
  if (isAddressName(attributeName) || isIpv6Name(attributeName))
    return isIpv6Name(attributeName) ? "::1" : fakeLoopbackIpv4(seed);
  if (tokens.includes("region")) return "RegionOne";
  if (tokens.includes("status")) return "ACTIVE";
  if (["at", "time", "created", "updated"].includes(tokens[tokens.length - 1])) return "2020-01-01T00:00:00Z";
  return `fake-${attributeName}-${digest(seed).toString("hex").slice(0, 8)}`;
}

/** A small positive integer: sizes, counts and ports all accept one. */
export function fakeNumber(seed: string): number {
  return 1 + (digest(`number\u0000${seed}`)[0] % 100);
}

/**
 * A whole fake value of `type` for the attribute `attributeName`. Lists and sets get one element
 * (so `element(x.all_fixed_ips, 0)` works), maps stay empty, objects fake each attribute by its name.
 */
export function fakeValue(attributeName: string, type: CtyType, seed: string): Value {
  if (type === "string" || type === "dynamic") return fakeString(attributeName, seed);
  if (type === "number") return fakeNumber(seed);
  if (type === "bool") return false;
  const [kind, inner] = type;
  switch (kind) {
    case "list":
    case "set":
      return [fakeValue(attributeName, inner as CtyType, `${seed}[0]`)];
    case "map":
      return {};
    case "tuple":
      return (inner as CtyType[]).map((t, i) => fakeValue(attributeName, t, `${seed}[${i}]`));
    case "object":
      return Object.fromEntries(
        Object.entries(inner as Record<string, CtyType>).map(([name, t]) => [
          name,
          fakeValue(name, t, `${seed}.${name}`),
        ]),
      );
  }
}
