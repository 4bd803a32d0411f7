. ./prelude.sh
wait_for_kato
if ! is_done lb-rename; then
  "$KATO" node rename "$DOMAIN" --no-restart
  mark_done lb-rename
fi
. ./_install-ssl.sh
if ! is_done "attach-$CORE_IP"; then
  wait_for_port "$CORE_IP" 4222 180
  "$KATO" node attach "$CORE_IP"
  mark_done "attach-$CORE_IP"
fi
# A new certificate is served once the load balancer is set up again: forget the pool it was set up for.
if [ "$ssl_installed" = yes ]; then rm -f "$STATE_DIR/lb-routers"; fi
. ./_lb-pool.sh
