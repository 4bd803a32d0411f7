import { Token } from "cdktf";
/**
 * Stackato 3.x roles (cluster guide, "Roles"). `base` is on every node and is not listed;
 * `mdns` is for micro clouds only; `data-services` is the role group of every database,
 * RabbitMQ and the filesystem service.
 */
export const STACKATO_ROLES = [
  "primary",
  "controller",
  "router",
  "dea",
  "filesystem",
  "mongodb",
  "mysql",
  "postgresql",
  "rabbit",
  "rabbit3",
  "redis",
  "memcached",
  "harbor",
  "data-services",
] as const;

export type StackatoRole = (typeof STACKATO_ROLES)[number];

/** Roles the core node always has; `kato node setup core` enables them. */
export const CORE_ROLES = ["primary", "controller", "router"] as const;

/** The roles one node will run, and where its options came from, for validation messages. */
export interface NodeRoleLayout {
  /** e.g. "core", "addDeas", "Frontend.loadBalancer" */
  readonly source: string;
  readonly count: number;
  readonly roles: string[];
  /** A load balancer node attaches with no roles at all. */
  readonly isLoadBalancer?: boolean;
}

/** Cluster-wide role checks; each message names where the bad roles came from and the fix. */
export function roleLayoutErrors(layout: NodeRoleLayout[]): string[] {
  const errors: string[] = [];
  for (const node of layout) {
    // A reference is refused with its own message (roleOptionErrors).
    const unknown = node.roles.filter(
      (r) => !Token.isUnresolved(r) && !(STACKATO_ROLES as readonly string[]).includes(r),
    );
    for (const role of unknown) {
      const hint =
        role === "mdns"
          ? "mdns is for micro clouds only"
          : role === "base"
            ? "base is on every node already"
            : `known roles: ${STACKATO_ROLES.join(", ")}`;
      errors.push(`${node.source}(extraRoles): '${role}' is not a Stackato role; ${hint}`);
    }
    if (node.isLoadBalancer && node.roles.length > 0) {
      errors.push(
        `${node.source}(extraRoles): a load balancer cannot have other roles (got ${node.roles.join(", ")}); give those roles to other nodes`,
      );
    }
  }
  const primaries = layout.filter((n) => n.roles.includes("primary")).reduce((sum, n) => sum + n.count, 0);
  if (primaries !== 1) {
    const where = layout.filter((n) => n.roles.includes("primary") && n.source !== "core").map((n) => n.source);
    errors.push(
      primaries === 0
        ? "roles: the cluster has no primary node; the core node must keep the primary role"
        : `roles: the cluster has ${primaries} primary nodes but Stackato allows exactly one, the core; remove 'primary' from ${where.join(", ") || "the extra nodes"}`,
    );
  }
  return errors;
}
