. ./prelude.sh
wait_for_kato
. ./_lb-lock.sh
current=()
if [ -s "$STATE_DIR/lb-routers" ]; then read -r -a current < "$STATE_DIR/lb-routers"; fi
remaining=()
for ip in ${current[@]+"${current[@]}"}; do
  if [ "$ip" != "$NODE_IP" ]; then remaining+=("$ip"); fi
done
if [ "${#remaining[@]}" -eq "${#current[@]}" ]; then
  log "$NODE_NAME ($NODE_IP) is not in the load balancer's pool: nothing to change"
elif [ "${#remaining[@]}" -eq 0 ]; then
  log "$NODE_NAME ($NODE_IP) is the load balancer's last router: kept until another router is set up"
else
  log "taking $NODE_NAME ($NODE_IP) out of the load balancer: routers ${remaining[*]}"
  "$KATO" node setup load_balancer "${remaining[@]}" --force
  echo "${remaining[*]}" > "$STATE_DIR/lb-routers"
fi
