import { stepBody } from "./step-body";
import { ShellScript } from "./shell";

/**
 * The load balancer's state in `$STATE_DIR`: `lb-routers`, the routers it was last set up for (one line,
 * space-separated IPs), and `lb.lock`, which `sh/_lb-lock.sh` holds with flock(1) (util-linux 2.20) to
 * serialise its setups: a router leaving and the setup for a new router list may run at once (one apply),
 * and each rewrites the pool from what the other recorded.
 */
export const LB_ROUTERS_FILE = "lb-routers";

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
    stepBody("remove-node.sh"),
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
    stepBody("leave-load-balancer.sh"),
  );
}
