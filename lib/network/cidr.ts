/** Which IP family a CIDR belongs to, or undefined when the text is not a CIDR. */
export function cidrFamily(cidr: string): "IPv4" | "IPv6" | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(cidr);
  if (!match) return undefined;
  const [, address, prefixText] = match;
  const prefix = Number(prefixText);
  if (isIpv4(address)) return prefix <= 32 ? "IPv4" : undefined;
  if (isIpv6(address)) return prefix <= 128 ? "IPv6" : undefined;
  return undefined;
}

export function isIpv4(address: string): boolean {
  const parts = address.split(".");
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

export function isIpv6(address: string): boolean {
  if (!/^[0-9a-fA-F:]+$/.test(address) || address.includes(":::")) return false;
  const doubleColons = address.split("::").length - 1;
  if (doubleColons > 1) return false;
  const groups = address.split(":").filter((g) => g !== "");
  if (!groups.every((g) => g.length <= 4)) return false;
  return doubleColons === 1 ? groups.length < 8 : groups.length === 8;
}

/** The validation message for a CIDR prop, or undefined when it is fine. */
export function cidrError(propName: string, cidr: string): string | undefined {
  if (cidr.trim() === "") {
    return `${propName}: CIDR is empty; give a network such as "203.0.113.0/24", or "0.0.0.0/0" for anywhere`;
  }
  if (!cidrFamily(cidr)) {
    return `${propName}: "${cidr}" is not a CIDR; write an address and prefix length such as "203.0.113.0/24" or "2001:db8::/32"`;
  }
  return undefined;
}
