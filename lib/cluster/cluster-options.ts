import { FlavorProps, flavorErrors } from "../compute/flavor";
import { nonBlank, textNotReference } from "../base/validation";
import { VolumeOptions } from "../storage/node-volume";

/** Nova server group policies for spreading (or packing) a role's nodes. */
export enum ServerGroupPolicy {
  /** No two nodes on one hypervisor; Nova refuses to boot one when it cannot. */
  ANTI_AFFINITY = "anti-affinity",
  /** Spread when possible. */
  SOFT_ANTI_AFFINITY = "soft-anti-affinity",
  AFFINITY = "affinity",
  SOFT_AFFINITY = "soft-affinity",
}
const SERVER_GROUP_POLICIES: readonly string[] = Object.values(ServerGroupPolicy);

/** Options for the nodes one `addXxx()` call adds. */
export interface RoleOptions extends FlavorProps {
  /**
   * How many nodes.
   * @default 1
   */
  readonly count?: number;

  /**
   * More Stackato roles for these nodes, e.g. ["dea"] to also run apps on routers.
   * @default - none
   */
  readonly extraRoles?: string[];

  /**
   * Put these nodes in a Nova server group with this policy, e.g. "anti-affinity" so no two
   * share a hypervisor.
   * @default - no server group
   */
  readonly serverGroupPolicy?: ServerGroupPolicy;

  /**
   * Availability zone.
   * @default - the cloud's default
   */
  readonly availabilityZone?: string;
}

/** Options for the routers of `Frontend.routers()` or of one `addRouters()` call. */
export interface RouterOptions extends RoleOptions {
  /**
   * Existing floating IPs of the project, by address, one per router in order, for routers that are
   * the front door (`Frontend.routers()`). They are looked up and associated, never allocated or
   * released: destroying a router leaves its address to the project, so DNS records that point at
   * it stay right when the router is re-created.
   * @default - new floating IPs from `floatingIpPool`, when that is given
   */
  readonly floatingIps?: string[];
}

/** The core node: primary, controller and router (and base). */
export interface CoreOptions extends FlavorProps {
  /**
   * More roles for the core, e.g. ["dea"] for a small cluster.
   * @default - none
   */
  readonly extraRoles?: string[];

  /**
   * An existing floating IP of the project, by address, for the core as the front door
   * (`Frontend.core()`, the default). It is looked up and associated, never allocated or released.
   * @default - a new floating IP from `floatingIpPool`, when that is given
   */
  readonly floatingIp?: string;

  /** @default - the cloud's default */
  readonly availabilityZone?: string;
}

/** Settings for a service gateway that uses an external database server (the external-db page). */
export interface ExternalDatabase {
  /** The server's hostname or IP address (a Terraform reference is fine). */
  readonly host: string;

  /**
   * A TCP port, 1-65535.
   * @default 3306 for MySQL, 5432 for PostgreSQL
   */
  readonly port?: number;

  /**
   * The database user, not empty and without whitespace.
   * @default "root" for MySQL, "postgres" for PostgreSQL
   */
  readonly user?: string;

  /**
   * The password, as a reference to a sensitive Terraform variable
   * (`new TerraformVariable(this, "db_password", { type: "string", sensitive: true }).stringValue`).
   * A literal is refused: it would be written into cdk.tf.json; so is a literal joined to a
   * reference (`"prefix" + variable.stringValue`).
   */
  readonly password: string;
}

export interface DataServicesOptions extends RoleOptions {
  /**
   * The service roles these nodes run, instead of the whole `data-services` group,
   * e.g. ["postgresql", "mysql"].
   * @default ["data-services"]
   */
  readonly roles?: string[];

  /**
   * Give each node a Cinder volume for `/var/stackato/services` (`kato relocate services`).
   * @default true
   */
  readonly withVolume?: boolean;

  /**
   * The volume's settings.
   * @default - 10 GB, protected from destroy
   */
  readonly volume?: VolumeOptions;

  /**
   * Point the MySQL gateway at an external server, after the node attaches.
   * @default - the node's own MySQL
   */
  readonly externalMysql?: ExternalDatabase;

  /**
   * Point the PostgreSQL gateway at an external server, after the node attaches.
   * @default - the node's own PostgreSQL
   */
  readonly externalPostgresql?: ExternalDatabase;
}

/** The load balancer node of `Frontend.loadBalancer()`; it can have no other roles, so it takes no `extraRoles`. */
export interface LoadBalancerOptions extends FlavorProps {
  /**
   * An existing floating IP of the project, by address, for the load balancer (the front door). It
   * is looked up and associated, never allocated or released: destroying the load balancer leaves
   * the address to the project, so the cluster's DNS records stay right when it is re-created.
   * @default - a new floating IP from `floatingIpPool`, when that is given
   */
  readonly floatingIp?: string;

  /** @default - the cloud's default */
  readonly availabilityZone?: string;
}

/** Problems with one `addXxx()` call's options; `where` is the method name. */
export function roleOptionErrors(options: RoleOptions, where: string): string[] {
  const errors = flavorErrors(options, where);
  const count = options.count;
  if (count !== undefined && (!Number.isInteger(count) || count < 0)) {
    errors.push(`${where}.count: ${count} is not a node count; give a whole number, 0 or more`);
  }
  errors.push(
    ...nonBlank(
      `${where}.availabilityZone`,
      options.availabilityZone,
      "give a zone from `openstack availability zone list`, or leave it out",
    ),
  );
  const roleProps: Array<readonly [string, readonly string[] | undefined]> = [
    ["roles", (options as { readonly roles?: readonly string[] }).roles],
    ["extraRoles", options.extraRoles],
  ];
  for (const [prop, roles] of roleProps) {
    for (const role of roles ?? []) {
      errors.push(
        ...textNotReference(
          `${where}(${prop})`,
          role,
          "a role",
          "synth checks each role and lays out the cluster by them",
          'give the role\'s name, such as "dea"',
        ),
      );
    }
  }
  const policy = options.serverGroupPolicy;
  if (policy !== undefined && !SERVER_GROUP_POLICIES.includes(policy)) {
    errors.push(
      `${where}.serverGroupPolicy: "${policy}" is not a Nova policy; use one of ${SERVER_GROUP_POLICIES.join(", ")}`,
    );
  }
  return errors;
}
