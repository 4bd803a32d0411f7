# shellcheck disable=SC2034 # read by the scripts that restart what serves the certificate
ssl_installed=no
if [ "$SHARED_SSL" = yes ]; then
  require_sudo
  ssl_dir="$STATE_DIR/private"
  if [ ! -s "$ssl_dir/stackato.key" ] || [ ! -s "$ssl_dir/stackato.crt" ]; then
    fail "the cluster's certificate is missing in $ssl_dir; the step's file provisioners upload it first"
  fi
  if ! sudo cmp -s "$ssl_dir/stackato.key" /etc/ssl/private/stackato.key || ! sudo cmp -s "$ssl_dir/stackato.crt" /etc/ssl/certs/stackato.crt; then
    log "installing the cluster's SSL certificate"
    sudo install -m 600 -o root -g root "$ssl_dir/stackato.key" /etc/ssl/private/stackato.key
    sudo install -m 644 -o root -g root "$ssl_dir/stackato.crt" /etc/ssl/certs/stackato.crt
    # shellcheck disable=SC2034
    ssl_installed=yes
  fi
  rm -f "$ssl_dir/stackato.key"
fi
