. ./prelude.sh
require_sudo
mountpoint -q "$VOLUME" || fail "$VOLUME is not mounted; the volume setup must run first"
sudo mkdir -p "$TARGET"
sudo chown stackato:stackato "$TARGET"
note="$TARGET/.stackato-relocated"
wait_for_kato
if [ "$(readlink -f "$STORE")" = "$(readlink -f "$TARGET")" ]; then
  log "$WHAT already on the volume at $TARGET"
elif [ -f "$note" ]; then
  log "the volume already holds this cluster's $WHAT (replaced node): adopting $TARGET"
  stop_kato all
  link_to_shared "$STORE" "$TARGET"
  start_stopped_kato
else
  log "relocating $WHAT to $TARGET"
  stop_kato all
  "$KATO" relocate "$WHAT" "$TARGET"
  [ "$(readlink -f "$STORE")" = "$(readlink -f "$TARGET")" ] || fail "kato relocate $WHAT reported success, but $STORE does not point at $TARGET (kato before 3.4.1 exits 0 on failure; see its output above)"
  touch "$note"
  start_stopped_kato
fi
