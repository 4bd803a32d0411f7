. ./prelude.sh
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
