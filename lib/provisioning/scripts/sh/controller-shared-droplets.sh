. ./prelude.sh
require_sudo
chmod 700 "$HOME/.ssh"
[ -s "$KEY_PATH" ] || fail "cluster key $KEY_PATH is missing; the file provisioner uploads it first"
chmod 600 "$KEY_PATH"

# Trust the Primary's host key once, on first contact inside the private network.
known_hosts="$HOME/.ssh/known_hosts"
touch "$known_hosts"
if [ -z "$(ssh-keygen -F "$PRIMARY_IP" -f "$known_hosts" 2>/dev/null)" ]; then
  ssh-keyscan -H "$PRIMARY_IP" >> "$known_hosts" 2>/dev/null || true
  [ -n "$(ssh-keygen -F "$PRIMARY_IP" -f "$known_hosts" 2>/dev/null)" ] || fail "could not read the Primary's ssh host key from $PRIMARY_IP (ssh-keyscan); check that sshd runs there"
fi

# allow_other needs user_allow_other, and the stackato user must be in the fuse group.
grep -qx "user_allow_other" /etc/fuse.conf 2>/dev/null || echo "user_allow_other" | sudo tee -a /etc/fuse.conf >/dev/null
if getent group fuse >/dev/null && ! id -nG stackato | grep -qw fuse; then sudo usermod -a -G fuse stackato; fi

# fstab mounts run as root; uid/gid make the files appear as stackato's, as they are on the Primary.
owner="uid=$(id -u stackato),gid=$(id -g stackato)"
entry="stackato@$PRIMARY_IP:$REMOTE_DIR $MOUNT_POINT fuse.sshfs _netdev,nobootwait,$owner,IdentityFile=$KEY_PATH,UserKnownHostsFile=$known_hosts,$SSHFS_OPTIONS 0 0"
if ! grep -qxF "$entry" /etc/fstab; then
  # One line for the mount point: an older entry (a previous Primary address) goes.
  { awk -v mp="$MOUNT_POINT" '$2 != mp' /etc/fstab; echo "$entry"; } > "$STATE_DIR/fstab.new"
  # shellcheck disable=SC2024 # the new table is ours to read; only the write needs root
  sudo tee /etc/fstab >/dev/null < "$STATE_DIR/fstab.new"
  rm -f "$STATE_DIR/fstab.new"
fi
sudo mkdir -p "$MOUNT_POINT"
if ! mountpoint -q "$MOUNT_POINT"; then sudo mount "$MOUNT_POINT"; fi
[ -d "$DROPLETS_TARGET" ] || fail "$DROPLETS_TARGET is missing: the share from $PRIMARY_IP is not mounted, or the Primary has not relocated its droplets yet"
if [ "$SHARE_STAGED" = yes ]; then
  [ -d "$STAGED_TARGET" ] || fail "$STAGED_TARGET is missing: the Primary has not shared its staged droplet uploads yet"
fi

wait_for_kato
needs_link=no
[ "$(readlink "$DATA_DIR" || true)" = "$DROPLETS_TARGET" ] || needs_link=yes
if [ "$SHARE_STAGED" = yes ] && [ "$(readlink "$STAGED_DIR" || true)" != "$STAGED_TARGET" ]; then needs_link=yes; fi
if [ "$needs_link" = yes ]; then
  log "pointing the droplet store at the Primary's shared directory"
  stop_kato controller
  link_to_shared "$DATA_DIR" "$DROPLETS_TARGET"
  if [ "$SHARE_STAGED" = yes ]; then link_to_shared "$STAGED_DIR" "$STAGED_TARGET"; fi
  start_stopped_kato
fi
