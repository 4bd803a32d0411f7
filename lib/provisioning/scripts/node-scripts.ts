import { stepBody } from "./step-body";
import { ShellScript } from "./shell";

/**
 * Port of the NATS message bus on the core node; other nodes can attach once it answers. The attach
 * and load-balancer steps (`sh/attach.sh`, `sh/load-balancer.sh`) wait for it; a test checks they name it.
 */
export const MBUS_PORT = 4222;

/**
 * The core node: `kato node rename <domain>` then `kato node setup core api.<domain>`
 * (cluster guide, "Core node"). The core keeps the primary, controller and router roles.
 */
export function coreSetupScript(p: { domain: string; extraRoles: string[] }): ShellScript {
  return new ShellScript(
    "core-setup",
    [
      ["DOMAIN", p.domain],
      ["EXTRA_ROLES", p.extraRoles.join(" ")],
    ],
    stepBody("core-setup.sh"),
  );
}

/**
 * A micro cloud on a cloud: drop mDNS (useless off a LAN) and take a real hostname, as the
 * docs' cloud pages do, so the API is `api.<domain>`.
 */
export function microCloudSetupScript(p: { domain: string }): ShellScript {
  return new ShellScript("micro-cloud-setup", [["DOMAIN", p.domain]], stepBody("micro-cloud-setup.sh"));
}

/**
 * Any other node: wait until the core's message bus answers (as HPE's cluster tool does), then
 * `kato node attach -e <roles> <core ip>`, after `kato node rename <renameTo>` when given.
 */
export function attachScript(p: {
  coreIp: string;
  roles: string[];
  renameTo?: string;
  sharedSsl?: boolean;
}): ShellScript {
  const params: Array<[string, string]> = [
    ["CORE_IP", p.coreIp],
    ["ROLES", p.roles.join(",")],
    ["RENAME_TO", p.renameTo ?? ""],
    ["SHARED_SSL", p.sharedSsl ? "yes" : "no"],
  ];
  return new ShellScript("attach", params, stepBody("attach.sh"));
}

/**
 * The load balancer, after every router has attached (cluster guide, "Load balancer"): it takes
 * the cluster's hostname, attaches without roles, and is set up for exactly the routers given
 * (`kato node setup load_balancer <ip>... --force`), again whenever that list changes: `sh/_lb-pool.sh`
 * sets the pool to exactly `ROUTER_IPS` when it differs from the one recorded at the last setup (routers
 * added or removed, or a router replaced, which was taken out before its old VM went).
 */
export function loadBalancerScript(p: { coreIp: string; domain: string; routerIps: string }): ShellScript {
  return new ShellScript(
    "load-balancer",
    [
      ["CORE_IP", p.coreIp],
      ["DOMAIN", p.domain],
      ["SHARED_SSL", "yes"],
      ["ROUTER_IPS", p.routerIps],
    ],
    stepBody("load-balancer.sh"),
  );
}

/** External database settings for a service gateway (the external-db page), applied after attach. */
export interface ExternalDatabaseSettings {
  readonly kind: "mysql" | "postgresql";
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** A Terraform reference to a sensitive variable, never a literal. */
  readonly password: string;
}

/**
 * Points a mysql_node or postgresql_node gateway at an external server. Only values that differ
 * are set, and the gateway restarts only then, so a second run changes nothing.
 */
export function externalDatabaseScript(db: ExternalDatabaseSettings): ShellScript {
  return new ShellScript(
    `external-${db.kind}`,
    [
      ["COMPONENT", `${db.kind}_node`],
      ["PREFIX", db.kind],
      ["DB_HOST", db.host],
      ["DB_PORT", String(db.port)],
      ["DB_USER", db.user],
      ["DB_PASS", db.password],
    ],
    stepBody("external-database.sh"),
  );
}
