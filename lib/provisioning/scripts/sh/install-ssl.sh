. ./prelude.sh
require_sudo
wait_for_kato
. ./_install-ssl.sh
if [ "$ssl_installed" = yes ]; then "$KATO" restart router; fi
