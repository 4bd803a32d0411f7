. ./_lb-lock.sh
read -r -a routers <<< "$ROUTER_IPS"
[ "${#routers[@]}" -gt 0 ] || fail "no router addresses for the load balancer"
if [ "$(cat "$STATE_DIR/lb-routers" 2> /dev/null || true)" != "${routers[*]}" ]; then
  log "setting up the load balancer for routers ${routers[*]}"
  "$KATO" node setup load_balancer "${routers[@]}" --force
  echo "${routers[*]}" > "$STATE_DIR/lb-routers"
fi
