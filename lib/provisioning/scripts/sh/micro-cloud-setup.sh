. ./prelude.sh
wait_for_kato
if ! is_done micro-cloud-setup; then
  log "removing mdns and renaming the micro cloud to $DOMAIN"
  "$KATO" role remove mdns
  "$KATO" node rename "$DOMAIN"
  mark_done micro-cloud-setup
fi
