import { Token } from "cdktf";
import { floatingIpAddressErrors } from "../base/validation";
import { Member } from "./members";
import { Frontend, FrontendKind } from "./frontend";

/** One addXxx() call's reserved addresses: the prop that gave them, and one address per node. */
export interface ReservedAddresses {
  /** "addRouters.floatingIps", or "core.floatingIp" for a prop of one node. */
  readonly prop: string;
  readonly addresses: readonly string[];
  /** The prop holds one address, not a list. */
  readonly single?: boolean;
}

/** A prop of one node's reserved floating IP (`core.floatingIp`), as the addresses of its call. */
export function oneReservedAddress(prop: string, address: string | undefined): ReservedAddresses | undefined {
  return address === undefined ? undefined : { prop, addresses: [address], single: true };
}

/** The reserved address of node `ordinal` (1, 2, ...) of a call, if the call gave addresses. */
export function reservedAddressOf(
  reserved: ReservedAddresses | undefined,
  ordinal: number,
): Member["reservedFloatingIp"] | undefined {
  if (!reserved) return undefined;
  const address = reserved.addresses[ordinal - 1];
  if (address === undefined) return undefined;
  return { address, prop: reserved.single ? reserved.prop : `${reserved.prop}[${ordinal - 1}]` };
}

/** A call's own problems: as many addresses as nodes, each an IPv4 address. */
export function reservedAddressesErrors(reserved: ReservedAddresses | undefined, count: number): string[] {
  if (!reserved) return [];
  const errors: string[] = [];
  if (reserved.addresses.length !== count) {
    errors.push(
      `${reserved.prop}: ${reserved.addresses.length} address${reserved.addresses.length === 1 ? "" : "es"} for ${count} node${count === 1 ? "" : "s"}; give one address per node (count), or leave ${reserved.prop} out to take new ones from floatingIpPool`,
    );
  }
  reserved.addresses.forEach((address, ordinal) =>
    errors.push(...floatingIpAddressErrors(reservedAddressOf(reserved, ordinal + 1)!.prop, address)),
  );
  return errors;
}

/** Where a front door of each kind takes its reserved addresses. */
const FRONT_DOOR_ADDRESSES: Record<FrontendKind, string> = {
  [FrontendKind.CORE]: "core.floatingIp",
  [FrontendKind.ROUTERS]: "Frontend.routers({ floatingIps }) or addRouters({ floatingIps })",
  [FrontendKind.LOAD_BALANCER]: "Frontend.loadBalancer({ floatingIp })",
};

/**
 * Cluster-wide problems: an address given twice, an address given to a node that is not part of the
 * front door (`frontend`: only its nodes take floating IPs), and front-door nodes left without a
 * floating IP next to ones that have a reserved address.
 */
export function reservedFloatingIpErrors(
  members: readonly Member[],
  frontend: Frontend,
  pool: string | undefined,
): string[] {
  const errors: string[] = [];
  const exposed = members.filter((m) => m.exposed);
  const holders = new Map<string, Member>();
  for (const member of members) {
    const reserved = member.reservedFloatingIp;
    if (!reserved) continue;
    const earlier = holders.get(reserved.address);
    if (earlier && !Token.isUnresolved(reserved.address)) {
      errors.push(
        `${reserved.prop}: ${reserved.address} is also given to ${earlier.name}; a floating IP is associated with one port only, so give each node its own address`,
      );
    }
    holders.set(reserved.address, member);
    if (!member.exposed) {
      errors.push(
        `${reserved.prop}: ${member.name} is not part of the front door (frontend: ${frontend.describe()}), so ${reserved.address} would never be associated; give it to ${FRONT_DOOR_ADDRESSES[frontend.kind]} instead, or leave it out`,
      );
    }
  }
  if (pool === undefined && exposed.some((m) => m.reservedFloatingIp)) {
    const without = exposed.filter((m) => !m.reservedFloatingIp).map((m) => m.name);
    if (without.length > 0) {
      errors.push(
        `floatingIpPool: ${without.join(", ")} ${without.length === 1 ? "is" : "are"} exposed next to nodes with reserved floating IPs but would get none; give ${without.length === 1 ? "it an address" : "them addresses"} too, or set floatingIpPool`,
      );
    }
  }
  return errors;
}
