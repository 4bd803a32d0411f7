. ./prelude.sh
wait_for_kato
if [ -n "$RENAME_TO" ] && ! is_done rename; then
  "$KATO" node rename "$RENAME_TO" --no-restart
  mark_done rename
fi
. ./_install-ssl.sh
# Per core address: a replaced core (new instance, new address) is attached to again.
if ! is_done "attach-$CORE_IP"; then
  log "waiting for the core's message bus at $CORE_IP:4222"
  wait_for_port "$CORE_IP" 4222 180
  log "attaching to $CORE_IP with roles $ROLES"
  "$KATO" node attach -e "$ROLES" "$CORE_IP"
  mark_done "attach-$CORE_IP"
fi
# A router that already served its own certificate serves the cluster's from now on.
if [ "$ssl_installed" = yes ]; then "$KATO" restart router; fi
