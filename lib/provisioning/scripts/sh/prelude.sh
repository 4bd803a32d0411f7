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

# Roles a step stopped on purpose, one per line ("all" for the whole node: stop_kato all). Recorded before the stop,
# so a step that dies half-way (kato failing, the ssh session cut) leaves a note the next run reads.
STOPPED_FILE="$STATE_DIR/stopped-by-terraform"

stop_kato() {
  local role="$1"
  echo "$role" >> "$STOPPED_FILE"
  log "stopping kato role $role"
  if [ "$role" = all ]; then "$KATO" stop; else "$KATO" stop "$role"; fi
}

# Starts what this step, or an interrupted earlier run, stopped; the note goes once all started.
start_stopped_kato() {
  [ -s "$STOPPED_FILE" ] || return 0
  local role
  while read -r role; do
    log "starting kato role $role again"
    if [ "$role" = all ]; then "$KATO" start; else "$KATO" start "$role"; fi
  done < <(sort -u "$STOPPED_FILE")
  rm -f "$STOPPED_FILE"
}

# Whatever happens after a stop, start it again: on success, on failure (set -e) and on the signals
# an ssh session cut sends (bash runs the EXIT trap for them only when they are trapped).
trap 'start_stopped_kato || echo "[stackato] ERROR: could not start kato again; run: kato start" >&2' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# First boot of a Stackato VM is slow; kato refuses most commands until its processes are up. Never
# wait while a role is stopped on purpose: roles an interrupted run left stopped are started first.
wait_for_kato() {
  start_stopped_kato
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
