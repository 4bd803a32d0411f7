import { PRELUDE } from "./prelude";
import { ShellScript } from "./shell";

/** Where the load balancer records the routers it was last set up for (one line, space-separated IPs). */
export const LB_ROUTERS_FILE = '"$STATE_DIR/lb-routers"';

/**
 * Serialises the load balancer's setups: a router leaving and the setup for a new router list may
 * run at once (one apply), and each rewrites the pool from what the other recorded. flock(1) is in
 * util-linux 2.20.
 */
const LB_LOCK = String.raw`
exec 9> "$STATE_DIR/lb.lock"
flock 9
`.trim();

/** Values a node's removal reads; at destroy time they come from the membership's own state (`self`). */
export interface RemoveNodeParams {
  readonly nodeIp: string;
  readonly nodeName: string;
  /** "yes" for a DEA: it is retired (its app instances move to other DEAs) before it is removed. */
  readonly retire: string;
  /** Port that tells whether the node is still up; the node's sshd. */
  readonly probePort?: string;
}

/**
 * Runs on the core before a node's instance is destroyed (cluster guide, "Removing nodes"): a DEA
 * is retired first (`kato node retire -n <ip>`, 3.0+), while another DEA is there to take its app
 * instances, then `kato node remove <ip>`. A node that no longer answers cannot be detached, so it
 * is removed with `--skip-detach`, which the docs keep for nodes already destroyed, and the log says
 * so. Idempotent: a node no longer listed by `kato node list` is done, and a DEA that lost its dea
 * role was retired already, so a re-run after an interruption finishes the removal. kato before
 * 3.4.1 exits 0 on failure, so the node list is read again afterwards.
 */
export function removeNodeScript(p: RemoveNodeParams): ShellScript {
  return new ShellScript(
    "remove-node",
    [
      ["NODE_IP", p.nodeIp],
      ["NODE_NAME", p.nodeName],
      ["RETIRE", p.retire],
      ["PROBE_PORT", p.probePort ?? "22"],
    ],
    String.raw`
${PRELUDE}
wait_for_kato
# "<ip> <role> <role> ..." per node, as HPE's tool and the docs' loops read it.
node_roles() { "$KATO" node list | awk -v ip="$1" '$1 == ip { $1 = ""; print; found = 1 } END { exit !found }'; }
has_role() { node_roles "$1" | tr ' ' '\n' | grep -qxF "$2"; }
other_dea() { "$KATO" node list | awk -v ip="$1" '$1 != ip { for (i = 2; i <= NF; i++) if ($i == "dea") found = 1 } END { exit !found }'; }
if ! node_roles "$NODE_IP" > /dev/null; then
  log "$NODE_NAME ($NODE_IP) is not in the cluster's node list: nothing to remove"
  exit 0
fi
reachable=yes
# shellcheck disable=SC2016 # $1 and $2 are the inner bash's arguments: the address stays data
timeout 5 bash -c 'exec 3<> "/dev/tcp/$1/$2"' _ "$NODE_IP" "$PROBE_PORT" 2> /dev/null || reachable=no
if [ "$RETIRE" = yes ] && has_role "$NODE_IP" dea; then
  if [ "$reachable" = no ]; then
    log "$NODE_NAME ($NODE_IP) does not answer: not retired; Stackato restarts its app instances on the other DEAs"
  elif other_dea "$NODE_IP"; then
    log "retiring DEA $NODE_NAME ($NODE_IP): its app instances move to the other DEAs"
    "$KATO" node retire -n "$NODE_IP"
  else
    log "$NODE_NAME ($NODE_IP) is the last DEA: not retired (no DEA to move its app instances to); they stop until a DEA joins"
  fi
fi
if [ "$reachable" = yes ]; then
  log "removing $NODE_NAME ($NODE_IP) from the cluster"
  "$KATO" node remove "$NODE_IP"
else
  log "$NODE_NAME ($NODE_IP) does not answer on port $PROBE_PORT: removing it with --skip-detach (it cannot detach itself)"
  "$KATO" node remove --skip-detach "$NODE_IP"
fi
if node_roles "$NODE_IP" > /dev/null; then fail "$NODE_NAME ($NODE_IP) is still in the cluster's node list after kato node remove"; fi
`.trim(),
  );
}

/**
 * Runs on the load balancer before a router's instance is destroyed: the pool it was last set up
 * for, without this router, explicitly (`kato node setup load_balancer <ip>... --force`). The last
 * router is kept: a load balancer with no router serves nothing, and synth refuses a load balancer
 * without routers, so that only happens while a router is replaced, whose new instance the load
 * balancer's setup adds again. Idempotent: a router not in the pool changes nothing.
 */
export function leaveLoadBalancerScript(p: { nodeIp: string; nodeName: string }): ShellScript {
  return new ShellScript(
    "leave-load-balancer",
    [
      ["NODE_IP", p.nodeIp],
      ["NODE_NAME", p.nodeName],
    ],
    String.raw`
${PRELUDE}
wait_for_kato
${LB_LOCK}
current=()
if [ -s ${LB_ROUTERS_FILE} ]; then read -r -a current < ${LB_ROUTERS_FILE}; fi
remaining=()
for ip in ${'${current[@]+"${current[@]}"}'}; do
  if [ "$ip" != "$NODE_IP" ]; then remaining+=("$ip"); fi
done
if [ "${"${#remaining[@]}"}" -eq "${"${#current[@]}"}" ]; then
  log "$NODE_NAME ($NODE_IP) is not in the load balancer's pool: nothing to change"
elif [ "${"${#remaining[@]}"}" -eq 0 ]; then
  log "$NODE_NAME ($NODE_IP) is the load balancer's last router: kept until another router is set up"
else
  log "taking $NODE_NAME ($NODE_IP) out of the load balancer: routers ${"${remaining[*]}"}"
  "$KATO" node setup load_balancer "${"${remaining[@]}"}" --force
  echo "${"${remaining[*]}"}" > ${LB_ROUTERS_FILE}
fi
`.trim(),
  );
}

/**
 * The load balancer's pool, set to exactly `ROUTER_IPS` when it differs from the one recorded at the
 * last setup: routers added or removed, or a router replaced (taken out before its old VM went).
 * Snippet of `loadBalancerScript`, after the attach.
 */
export const LOAD_BALANCER_POOL_SNIPPET = String.raw`
${LB_LOCK}
read -r -a routers <<< "$ROUTER_IPS"
[ "${"${#routers[@]}"}" -gt 0 ] || fail "no router addresses for the load balancer"
if [ "$(cat ${LB_ROUTERS_FILE} 2> /dev/null || true)" != "${"${routers[*]}"}" ]; then
  log "setting up the load balancer for routers ${"${routers[*]}"}"
  "$KATO" node setup load_balancer "${"${routers[@]}"}" --force
  echo "${"${routers[*]}"}" > ${LB_ROUTERS_FILE}
fi
`.trim();
