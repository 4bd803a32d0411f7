. ./prelude.sh
require_sudo
wait_for_kato
if [ "$(readlink "$STAGED_DIR" || true)" != "$TARGET" ]; then
  stop_kato controller
  link_to_shared "$STAGED_DIR" "$TARGET"
  sudo chown stackato:stackato "$TARGET"
  start_stopped_kato
fi
