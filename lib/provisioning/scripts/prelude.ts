/**
 * Shell functions shared by the provisioning scripts. They run as the `stackato` user over ssh;
 * `kato` must run as that user, not root, and root work goes through passwordless sudo, which the
 * nodes' cloud-init user data grants.
 */
/**
 * Version of the prelude's behaviour. Step triggers hash only a step's own commands plus this
 * number, so rewording the prelude re-runs nothing on live clusters; bump it when a change of the
 * prelude must re-run every step.
 */
export const PRELUDE_VERSION = 1;

export const PRELUDE = String.raw`
KATO=/home/stackato/bin/kato
# Markers record finished one-shot steps (rename, setup, attach) so a second run changes nothing.
STATE_DIR="$HOME/.stackato-terraform"
mkdir -p "$STATE_DIR"

log() { echo "[stackato] $*"; }
fail() { echo "[stackato] ERROR: $*" >&2; exit 1; }
is_done() { [ -f "$STATE_DIR/$1.done" ]; }
mark_done() { touch "$STATE_DIR/$1.done"; }

require_sudo() {
  sudo -n true 2>/dev/null || fail "passwordless sudo is not set up for $(id -un); the node's cloud-init user data grants it on boot"
}

# First boot of a Stackato VM is slow; kato refuses most commands until its processes are up.
wait_for_kato() {
  log "waiting for kato processes"
  "$KATO" process ready --block 900 all
}

wait_for_port() {
  local host="$1" port="$2" tries="$3"
  local i
  for ((i = 1; i <= tries; i++)); do
    if timeout 5 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null; then return 0; fi
    sleep 5
  done
  fail "$host:$port did not answer after $tries tries"
}

# Replace directory $1 by a symlink to $2, keeping what $1 held: it is moved aside and copied into
# $2 without overwriting what $2 already has (another node may have written there first).
link_to_shared() {
  local dir="$1" target="$2"
  if [ -L "$dir" ] && [ "$(readlink "$dir")" = "$target" ]; then return 0; fi
  sudo mkdir -p "$target"
  if [ -e "$dir" ] || [ -L "$dir" ]; then
    local backup="$dir.pre-shared" n=1
    while [ -e "$backup" ]; do backup="$dir.pre-shared.$n"; n=$((n + 1)); done
    sudo mv "$dir" "$backup"
    if [ -d "$backup" ]; then sudo cp -a -n "$backup/." "$target/"; fi
  fi
  sudo mkdir -p "$(dirname "$dir")"
  sudo ln -s "$target" "$dir"
}
`.trim();
