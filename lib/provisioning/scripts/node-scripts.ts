import { PRELUDE } from "./prelude";
import { ShellScript } from "./shell";
import { LB_ROUTERS_FILE, LOAD_BALANCER_POOL_SNIPPET } from "./membership-scripts";
import { INSTALL_SSL_SNIPPET } from "./ssl";

/** Port of the NATS message bus on the core node; other nodes can attach once it answers. */
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
    String.raw`
${PRELUDE}
wait_for_kato
if ! is_done core-setup; then
  log "renaming node to $DOMAIN and setting it up as the core"
  "$KATO" node rename "$DOMAIN" --no-restart
  "$KATO" node setup core "api.$DOMAIN"
  mark_done core-setup
fi
if [ -n "$EXTRA_ROLES" ] && ! is_done core-extra-roles; then
  # shellcheck disable=SC2086 # one word per role
  "$KATO" role add $EXTRA_ROLES
  mark_done core-extra-roles
fi
`.trim(),
  );
}

/**
 * A micro cloud on a cloud: drop mDNS (useless off a LAN) and take a real hostname, as the
 * docs' cloud pages do, so the API is `api.<domain>`.
 */
export function microCloudSetupScript(p: { domain: string }): ShellScript {
  return new ShellScript(
    "micro-cloud-setup",
    [["DOMAIN", p.domain]],
    String.raw`
${PRELUDE}
wait_for_kato
if ! is_done micro-cloud-setup; then
  log "removing mdns and renaming the micro cloud to $DOMAIN"
  "$KATO" role remove mdns
  "$KATO" node rename "$DOMAIN"
  mark_done micro-cloud-setup
fi
`.trim(),
  );
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
  return new ShellScript(
    "attach",
    params,
    String.raw`
${PRELUDE}
wait_for_kato
if [ -n "$RENAME_TO" ] && ! is_done rename; then
  "$KATO" node rename "$RENAME_TO" --no-restart
  mark_done rename
fi
${INSTALL_SSL_SNIPPET}
# Per core address: a replaced core (new instance, new address) is attached to again.
if ! is_done "attach-$CORE_IP"; then
  log "waiting for the core's message bus at $CORE_IP:${MBUS_PORT}"
  wait_for_port "$CORE_IP" ${MBUS_PORT} 180
  log "attaching to $CORE_IP with roles $ROLES"
  "$KATO" node attach -e "$ROLES" "$CORE_IP"
  mark_done "attach-$CORE_IP"
fi
# A router that already served its own certificate serves the cluster's from now on.
if [ "$ssl_installed" = yes ]; then "$KATO" restart router; fi
`.trim(),
  );
}

/**
 * The load balancer, after every router has attached (cluster guide, "Load balancer"): it takes
 * the cluster's hostname, attaches without roles, and is set up for exactly the routers given
 * (`kato node setup load_balancer <ip>... --force`), again whenever that list changes.
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
    String.raw`
${PRELUDE}
wait_for_kato
if ! is_done lb-rename; then
  "$KATO" node rename "$DOMAIN" --no-restart
  mark_done lb-rename
fi
${INSTALL_SSL_SNIPPET}
if ! is_done "attach-$CORE_IP"; then
  wait_for_port "$CORE_IP" ${MBUS_PORT} 180
  "$KATO" node attach "$CORE_IP"
  mark_done "attach-$CORE_IP"
fi
# A new certificate is served once the load balancer is set up again: forget the pool it was set up for.
if [ "$ssl_installed" = yes ]; then rm -f ${LB_ROUTERS_FILE}; fi
${LOAD_BALANCER_POOL_SNIPPET}
`.trim(),
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
    String.raw`
${PRELUDE}
wait_for_kato
changed=0
set_config() {
  local key="$1" value="$2" current
  current="$("$KATO" config get "$COMPONENT" "$PREFIX/$key" 2>/dev/null || true)"
  if [ "$current" != "$value" ]; then
    "$KATO" config set "$COMPONENT" "$PREFIX/$key" "$value" >/dev/null
    changed=1
  fi
}
set_config host "$DB_HOST"
set_config port "$DB_PORT"
set_config user "$DB_USER"
set_config pass "$DB_PASS"
if [ "$changed" = 1 ]; then
  log "restarting $COMPONENT for the external database at $DB_HOST"
  "$KATO" process restart "$COMPONENT"
fi
`.trim(),
  );
}
