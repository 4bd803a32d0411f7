import { isIP } from "net";

/**
 * CIDR parsing on Node's `net.isIP`, which is strict (no leading zeros, no octal, no short forms
 * like "10.1"), and accepts every IPv6 spelling Neutron does, including "::ffff:10.0.0.1".
 */
interface ParsedCidr {
  readonly family: 4 | 6;
  readonly address: string;
  readonly prefix: number;
}

function parseCidr(cidr: string): ParsedCidr | undefined {
  // The prefix is plain decimal: "/00" or "/08" are spellings security scanners do not recognise.
  const match = /^([^/]+)\/(0|[1-9]\d{0,2})$/.exec(cidr);
  if (!match) return undefined;
  const family = isIP(match[1]);
  const prefix = Number(match[2]);
  if (family === 4 && prefix <= 32) return { family, address: match[1], prefix };
  if (family === 6 && prefix <= 128) return { family, address: match[1], prefix };
  return undefined;
}

/** Which IP family a CIDR belongs to, or undefined when the text is not a CIDR. */
export function cidrFamily(cidr: string): "IPv4" | "IPv6" | undefined {
  const parsed = parseCidr(cidr);
  return parsed ? (parsed.family === 4 ? "IPv4" : "IPv6") : undefined;
}

/** The address as 4 or 16 bytes. `address` has passed `net.isIP`. */
function addressBytes(address: string, family: 4 | 6): number[] {
  if (family === 4) return address.split(".").map(Number);
  let text = address;
  const tail: number[] = [];
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    text = dotted[1] === "::" || dotted[1].endsWith("::") ? dotted[1] : dotted[1].slice(0, -1);
    tail.push(...dotted[2].split(".").map(Number));
  }
  const [head, rest] = text.includes("::") ? text.split("::") : [text, undefined];
  const groups = (part: string | undefined) =>
    part
      ? part
          .split(":")
          .filter((g) => g !== "")
          .map((g) => parseInt(g, 16))
      : [];
  const left = groups(head);
  const right = groups(rest);
  const missing = (16 - tail.length) / 2 - left.length - right.length;
  const words = [...left, ...(rest !== undefined ? new Array(missing).fill(0) : []), ...right];
  return [...words.flatMap((w) => [w >> 8, w & 0xff]), ...tail];
}

function formatAddress(bytes: number[], family: 4 | 6): string {
  if (family === 4) return bytes.join(".");
  const words = Array.from({ length: 8 }, (_, i) => (bytes[2 * i] << 8) | bytes[2 * i + 1]);
  // Compress the longest run of two or more zero groups, as RFC 5952 prefers.
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > best.length && j - i >= 2) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best.start < 0) return hex.join(":");
  return `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.length).join(":")}`;
}

/** The network address of `cidr`, e.g. "10.0.0.0" for "10.1.2.3/8". */
function networkAddress(parsed: ParsedCidr): string {
  const bytes = addressBytes(parsed.address, parsed.family);
  const masked = bytes.map((byte, i) => {
    const bitsHere = Math.max(0, Math.min(8, parsed.prefix - 8 * i));
    return byte & ((0xff << (8 - bitsHere)) & 0xff);
  });
  return formatAddress(masked, parsed.family);
}

/** The validation message for a CIDR prop, or undefined when it is fine. */
export function cidrError(propName: string, cidr: string): string | undefined {
  if (cidr.trim() === "") {
    return `${propName}: CIDR is empty; give a network such as "203.0.113.0/24", or "0.0.0.0/0" for anywhere`;
  }
  const parsed = parseCidr(cidr);
  if (!parsed) {
    const family = isIP(cidr);
    const hint = family ? `; for this one address write "${cidr}/${family === 4 ? 32 : 128}"` : "";
    return `${propName}: "${cidr}" is not a CIDR; write an address and prefix length such as "203.0.113.0/24" or "2001:db8::/32"${hint}`;
  }
  const network = networkAddress(parsed);
  if (formatAddress(addressBytes(parsed.address, parsed.family), parsed.family) !== network) {
    const host = `${parsed.address}/${parsed.family === 4 ? 32 : 128}`;
    // Neutron would silently widen it to the whole network, which is rarely what was meant.
    return `${propName}: "${cidr}" has host bits set, so it opens the whole /${parsed.prefix}; write "${host}" for that one host, or "${network}/${parsed.prefix}" for the network`;
  }
  return undefined;
}
