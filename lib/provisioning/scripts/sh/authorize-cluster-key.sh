. ./prelude.sh
[ -s "$UPLOADED" ] || fail "$UPLOADED is missing; the file provisioner uploads it first"
mkdir -p "$HOME/.ssh"
chmod 700 "$HOME/.ssh"
read -r keytype keydata _ < "$UPLOADED"
line="command=\"/usr/lib/openssh/sftp-server\",no-port-forwarding,no-X11-forwarding,no-agent-forwarding,no-pty $keytype $keydata $TAG"
keys="$HOME/.ssh/authorized_keys"
touch "$keys"
chmod 600 "$keys"
if ! grep -qxF "$line" "$keys"; then
  # The previous cluster key goes: only the current one may reach the Primary.
  { grep -v " $TAG\$" "$keys" || true; echo "$line"; } > "$keys.new"
  chmod 600 "$keys.new"
  mv "$keys.new" "$keys"
fi
rm -f "$UPLOADED"
