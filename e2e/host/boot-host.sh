#!/bin/bash
# Boots one simulated Stackato VM. e2e/hosts/machine.ts runs it as PID 1 of new mount, UTS and
# PID namespaces (unshare --kill-child), inside the e2e network namespace (loopback only).
# Usage: boot-host.sh <host-dir> <hostname> <ip>
# The host shares this machine's binaries (/usr, /bin, /lib) but has its own /etc, /var, /home,
# /mnt, /tmp, /run, /root and /dev/disk, a 0666 /dev/fuse, and the shims that make this Debian's
# tools behave like Ubuntu 12.04's where the provisioning scripts depend on it.
set -euo pipefail
HOST_DIR="$1"
NAME="$2"
IP="$3"
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"

# Shims first: they hide this machine's tool behind the old version's behaviour; the real tool
# stays reachable at /run/precise/real/<tool> for the shim to call.
shim_list=()
while read -r tool real; do
  [ -n "$tool" ] && [ -x "$REPO/test-support/precise/$tool" ] && shim_list+=("$tool:$real")
done < "$HERE/precise-tools.txt"

for tree in etc var home mnt run root; do mount --bind "$HOST_DIR/$tree" "/$tree"; done
mkdir -p /run/precise/real /run/precise/shims /run/sshd
# The shims are copied into the host's own /run now: the checkout may itself live under /tmp, which
# is replaced below, and a bind needs its source to be visible.
for entry in "${shim_list[@]}"; do cp "$REPO/test-support/precise/${entry%%:*}" /run/precise/shims/; done
# The fake kato and the cloud-init model too, for the same reason.
mkdir -p /run/fake-kato
cp "$HERE"/*.js /run/fake-kato/
SIM_JS=/run/fake-kato
# What the cloud hands the VM (user data, keypair), readable after /tmp is replaced below.
cp -a "$HOST_DIR/boot" /run/cloud-boot
BOOT=/run/cloud-boot
# The outer run made /dev/disk, but another run on this machine may have removed it since: /dev is
# shared, so make the mount point again if it is gone.
mkdir -p /dev/disk
mount --bind "$HOST_DIR/dev-disk" /dev/disk
mount --bind "$HOST_DIR/fuse" /dev/fuse
# /tmp last: the host directory may itself live under this machine's /tmp.
mount --bind "$HOST_DIR/tmp" /tmp
for entry in "${shim_list[@]}"; do
  tool="${entry%%:*}" real="${entry#*:}"
  touch "/run/precise/real/$tool"
  mount --bind "$real" "/run/precise/real/$tool"
  mount --bind "/run/precise/shims/$tool" "$real"
done

hostname "$NAME"
echo "$NAME" > /etc/hostname
printf '127.0.0.1 localhost\n%s %s\n' "$IP" "$NAME" > /etc/hosts
# This machine's host keys and sudo rules are not the VM's.
rm -f /etc/ssh/ssh_host_* /etc/sudoers.d/[!R]*
# sudo 1.8.3's sudoers on 12.04 has no use_pty: commands run under sudo read the caller's stdin.
sed -i '/^Defaults[[:space:]]*use_pty/d' /etc/sudoers
rm -f /etc/fstab && touch /etc/fstab

# The image's user: password "stackato" (the public default), no sudo until the user data grants it.
if ! id stackato >/dev/null 2>&1; then useradd -m -U -s /bin/bash stackato; fi
echo 'stackato:stackato' | chpasswd
if getent group sudo >/dev/null; then gpasswd -d stackato sudo >/dev/null 2>&1 || true; fi
# Nova's keypair, injected by cloud-init from the metadata service.
install -d -o stackato -g stackato -m 700 /home/stackato/.ssh
install -o stackato -g stackato -m 600 "$BOOT/authorized_keys" /home/stackato/.ssh/authorized_keys

# What the Stackato VM ships that the scripts touch (paths from the Stackato 3.x docs).
install -d -o stackato -g stackato /home/stackato/bin /home/stackato/stackato /home/stackato/stackato/data
echo "droplet that came with the image on $NAME" > /home/stackato/stackato/data/image-droplet.txt
install -d -o stackato -g stackato /var/stackato /var/stackato/services /var/stackato/data \
  /var/stackato/data/cloud_controller_ng /var/stackato/data/cloud_controller_ng/tmp \
  /var/stackato/data/cloud_controller_ng/tmp/staged_droplet_uploads
echo "service data that came with the image on $NAME" > /var/stackato/services/image-service.txt
install -d -m 755 /var/log /var/lib /var/tmp
install -d -o stackato -g stackato /var/log/fake-kato /var/lib/fake-kato
printf '#!/bin/sh\nexec node %s/kato.js "$@"\n' "$SIM_JS" > /home/stackato/bin/kato
chmod 755 /home/stackato/bin/kato
chown stackato:stackato /home/stackato/bin/kato
printf '{"name":"%s","ip":"%s"}\n' "$NAME" "$IP" > /etc/stackato-sim.json
# The node's SSL key, which `kato node rename` regenerates (the fake kato writes it as stackato).
install -d -m 755 /etc/ssl/private
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > /etc/ssl/private/stackato.key
chown stackato:stackato /etc/ssl/private/stackato.key

# Cloud-init 0.6's handling of the keys our user data uses, then sshd: the VM's sshd starts after
# cloud-init's early stages, and the e2e provisioners must not race the user data.
node "$SIM_JS/cloud-init.js" "$BOOT/user-data" 2>&1 | sed 's/^/[cloud-init] /'
ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key
ssh-keygen -q -t ecdsa -N '' -f /etc/ssh/ssh_host_ecdsa_key
cat > /etc/ssh/sshd_config.d/00-simulated-host.conf <<EOF
# Simulated host: its own address only, no PAM (no login sessions in a namespace).
ListenAddress $IP
UsePAM no
PidFile /run/sshd.pid
HostKey /etc/ssh/ssh_host_ed25519_key
HostKey /etc/ssh/ssh_host_ecdsa_key
# Terraform opens many sessions through the bastion at once; 12.04's default 10:30:60 would drop some.
MaxStartups 200
MaxSessions 50
EOF
/usr/sbin/sshd -t
/usr/sbin/sshd
echo "booted $NAME on $IP"
# PID 1 of the host; killing it (or unshare) ends every process of the host.
exec sleep infinity
