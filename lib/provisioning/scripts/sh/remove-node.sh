. ./prelude.sh
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
