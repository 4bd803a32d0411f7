. ./prelude.sh
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
