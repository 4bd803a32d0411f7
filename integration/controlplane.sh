#!/usr/bin/env bash
# A real OpenStack Zed control plane from Debian bookworm's packages, on 127.0.0.1 only.
#
#   controlplane.sh start DIR   configure and start MariaDB, RabbitMQ, keystone, glance, placement, nova
#                               (api, conductor, scheduler, two fake-driver computes), neutron (server only)
#                               and cinder (api, scheduler, volume with the fake logging driver); then
#                               create the fixture (users, flavors, networks, image, keypair)
#   controlplane.sh stop DIR    stop every service started by `start DIR`, by the PIDs it recorded
#
# Run it inside a network namespace that has only `lo` (integration/run.ts does: `ip netns exec`), so no
# service can listen on or reach any other address. Everything (config, databases, images, logs, PIDs)
# lives under DIR; nothing in this machine's /etc is read or written.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
CMD="${1:-}"
D="${2:-}"
if [ -z "$CMD" ] || [ -z "$D" ]; then
  echo "usage: controlplane.sh start|stop DIR" >&2
  exit 2
fi
mkdir -p "$D"
D="$(cd "$D" && pwd)"
ETC="$D/etc" LOG="$D/log" PIDS="$D/pids" STATE="$D/state"
HOST=127.0.0.1
DB="mysql+pymysql://os:os@$HOST"
SVC_PASSWORD=service-secret
ADMIN_PASSWORD=admin-secret
USER_PASSWORD=stackato-secret
KEYSTONE="http://$HOST:5000"

log() { printf '%s controlplane: %s\n' "$(date -u +%H:%M:%S)" "$*"; }

# ---------------------------------------------------------------------------------------------- stop
# Every PID file holds the PID of a process this script started. Its descendants (uwsgi and oslo
# workers, erlang helpers, ...) are listed from /proc before the TERM, so they are stopped by PID too.
descendants() {
  local pid=$1 child
  for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do
    echo "$child"
    descendants "$child"
  done
}

stop_all() {
  [ -d "$PIDS" ] || return 0
  local f pid all=()
  for f in "$PIDS"/*.pid; do
    [ -e "$f" ] || continue
    pid=$(cat "$f")
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      all+=("$pid")
      while read -r c; do all+=("$c"); done < <(descendants "$pid")
    fi
  done
  [ "${#all[@]}" -gt 0 ] || return 0
  kill -TERM "${all[@]}" 2>/dev/null || true
  for _ in $(seq 1 50); do
    local alive=()
    for pid in "${all[@]}"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
    [ "${#alive[@]}" = 0 ] && break
    sleep 0.2
  done
  for pid in "${all[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  log "stopped ${#all[@]} processes"
}

if [ "$CMD" = stop ]; then
  stop_all
  exit 0
fi
[ "$CMD" = start ] || {
  echo "usage: controlplane.sh start|stop DIR" >&2
  exit 2
}

# --------------------------------------------------------------------------------------------- start
mkdir -p "$ETC" "$LOG" "$PIDS" "$STATE"
chmod 755 "$D"

# Start a service in the background, its output in log/NAME.log, its PID in pids/NAME.pid.
svc() {
  local name=$1
  shift
  "$@" >"$LOG/$name.log" 2>&1 &
  echo $! >"$PIDS/$name.pid"
}

# A console script of a Debian python3-* package, run from its module (the service packages that
# ship /usr/bin/nova-api and friends are not installed: they bring init scripts and debconf). PY is a
# command prefix, so that `svc NAME "${PY[@]}" ...` records the PID of python itself.
PY=(env PYTHONPATH="$HERE/python" PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -c 'import sys, importlib; prog, mod = sys.argv[1:3]; sys.argv = [prog] + sys.argv[3:]; sys.exit(importlib.import_module(mod).main())')
py() { "${PY[@]}" "$@"; }

wait_port() {
  local name=$1 port=$2 limit=${3:-120}
  for _ in $(seq 1 $((limit * 5))); do
    if (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then return 0; fi
    if [ -f "$PIDS/$name.pid" ] && ! kill -0 "$(cat "$PIDS/$name.pid")" 2>/dev/null; then
      log "$name exited; last lines of $LOG/$name.log:"
      tail -30 "$LOG/$name.log" >&2
      return 1
    fi
    sleep 0.2
  done
  log "$name: port $port not open after ${limit}s"
  tail -30 "$LOG/$name.log" >&2
  return 1
}

# Run a step, its output in log/NAME.log; on failure show the log and stop.
step() {
  local name=$1
  shift
  if ! "$@" >"$LOG/$name.log" 2>&1; then
    log "$name failed; last lines of $LOG/$name.log:"
    tail -40 "$LOG/$name.log" >&2
    return 1
  fi
}

auth_section() {
  cat <<EOF
[$1]
auth_type = password
auth_url = $KEYSTONE
www_authenticate_uri = $KEYSTONE
username = svc
password = $SVC_PASSWORD
project_name = service
user_domain_name = Default
project_domain_name = Default
region_name = RegionOne
EOF
}

common_default() {
  cat <<EOF
transport_url = rabbit://guest:guest@$HOST:5672/
debug = false
use_stderr = true
my_ip = $HOST
wsgi_keep_alive = false
EOF
}

common_sections() {
  cat <<EOF
[oslo_concurrency]
lock_path = $STATE/$1/lock
[oslo_messaging_notifications]
driver = noop
$(auth_section keystone_authtoken)
EOF
}

t0=$(date +%s)
elapsed() { echo "$(($(date +%s) - t0)) s"; }

# ---- MariaDB
mkdir -p "$STATE/mysql" "$D/run"
chown mysql:mysql "$STATE/mysql" "$D/run"
step mariadb-install-db mariadb-install-db --no-defaults --user=mysql --datadir="$STATE/mysql" \
  --auth-root-authentication-method=socket --skip-test-db
svc mariadb /usr/sbin/mariadbd --no-defaults --user=mysql --datadir="$STATE/mysql" --socket="$D/run/mysql.sock" \
  --pid-file="$D/run/mysql.pid" --bind-address=$HOST --port=3306 --skip-name-resolve --skip-log-bin \
  --innodb-buffer-pool-size=128M --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --sync-frm=0 \
  --max-connections=1000 --log-error="$LOG/mariadb.err"

# ---- RabbitMQ (epmd started first, by us, so that it is one of our PIDs and listens on loopback)
mkdir -p "$STATE/rabbitmq/home" "$LOG/rabbitmq"
cat >"$ETC/rabbitmq.conf" <<EOF
listeners.tcp.default = $HOST:5672
loopback_users = none
EOF
echo "[]." >"$ETC/rabbitmq-enabled-plugins"
HOME_RABBIT="$STATE/rabbitmq/home"
RABBIT_ENV=(env HOME="$HOME_RABBIT" RABBITMQ_NODENAME=rabbit@localhost RABBITMQ_NODE_IP_ADDRESS="$HOST"
  RABBITMQ_NODE_PORT=5672 RABBITMQ_DIST_PORT=25672 ERL_EPMD_ADDRESS="$HOST" ERL_EPMD_PORT=4369
  RABBITMQ_MNESIA_BASE="$STATE/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$LOG/rabbitmq" RABBITMQ_CONFIG_FILE="$ETC/rabbitmq.conf"
  RABBITMQ_ENABLED_PLUGINS_FILE="$ETC/rabbitmq-enabled-plugins" RABBITMQ_PID_FILE="$D/run/rabbitmq.pid"
  RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}")
svc epmd epmd -address $HOST -port 4369
wait_port epmd 4369 20
svc rabbitmq "${RABBIT_ENV[@]}" /usr/lib/rabbitmq/bin/rabbitmq-server

wait_port mariadb 3306 60
mariadb --no-defaults --socket="$D/run/mysql.sock" -uroot <<EOF
CREATE DATABASE keystone; CREATE DATABASE glance; CREATE DATABASE placement; CREATE DATABASE nova_api;
CREATE DATABASE nova; CREATE DATABASE nova_cell0; CREATE DATABASE neutron; CREATE DATABASE cinder;
CREATE USER 'os'@'$HOST' IDENTIFIED BY 'os';
GRANT ALL PRIVILEGES ON *.* TO 'os'@'$HOST';
EOF
log "MariaDB up ($(elapsed))"

# ---- configuration files
mkdir -p "$STATE/keystone/fernet-keys" "$STATE/keystone/credential-keys"
cat >"$ETC/keystone.conf" <<EOF
[DEFAULT]
use_stderr = true
[database]
connection = $DB/keystone
[token]
provider = fernet
[fernet_tokens]
key_repository = $STATE/keystone/fernet-keys
[fernet_receipts]
key_repository = $STATE/keystone/fernet-keys
[credential]
key_repository = $STATE/keystone/credential-keys
[cache]
enabled = false
EOF

mkdir -p "$STATE/glance/images" "$STATE/glance/staging" "$STATE/glance/lock"
cat >"$ETC/glance-api.conf" <<EOF
[DEFAULT]
$(common_default)
bind_host = $HOST
bind_port = 9292
workers = 1
node_staging_uri = file://$STATE/glance/staging
[database]
connection = $DB/glance
[paste_deploy]
flavor = keystone
config_file = $HERE/etc/glance-api-paste.ini
[glance_store]
stores = file
default_store = file
filesystem_store_datadir = $STATE/glance/images
$(common_sections glance)
EOF

mkdir -p "$ETC/placement"
cat >"$ETC/placement/placement.conf" <<EOF
[DEFAULT]
use_stderr = true
[placement_database]
connection = $DB/placement
[api]
auth_strategy = keystone
$(auth_section keystone_authtoken)
EOF

mkdir -p "$STATE/nova/lock" "$STATE/nova/instances"
cat >"$ETC/nova.conf" <<EOF
[DEFAULT]
$(common_default)
compute_driver = fake.FakeDriver
enabled_apis = osapi_compute
osapi_compute_listen = $HOST
osapi_compute_listen_port = 8774
osapi_compute_workers = 1
state_path = $STATE/nova
instances_path = $STATE/nova/instances
vif_plugging_is_fatal = false
vif_plugging_timeout = 0
[api]
auth_strategy = keystone
[wsgi]
api_paste_config = $HERE/etc/nova-api-paste.ini
keep_alive = false
[api_database]
connection = $DB/nova_api
[database]
connection = $DB/nova
[conductor]
workers = 1
[scheduler]
workers = 1
discover_hosts_in_cells_interval = 2
[filter_scheduler]
# The fake computes weigh the same; without shuffling, members of one anti-affinity group
# scheduled at once all pick the first host and fail Nova's late anti-affinity check.
shuffle_best_same_weighed_hosts = true
[glance]
region_name = RegionOne
$(auth_section placement)
$(auth_section neutron)
$(auth_section cinder)
os_region_name = RegionOne
$(auth_section service_user)
send_service_user_token = true
$(common_sections nova)
EOF
for n in 1 2; do
  mkdir -p "$STATE/nova/compute-$n"
  cat >"$ETC/nova-compute-$n.conf" <<EOF
[DEFAULT]
host = compute-$n
instances_path = $STATE/nova/compute-$n
EOF
done

mkdir -p "$STATE/neutron/lock"
cat >"$ETC/neutron.conf" <<EOF
[DEFAULT]
$(common_default)
core_plugin = ml2
service_plugins = router
bind_host = $HOST
bind_port = 9696
api_workers = 1
rpc_workers = 0
rpc_state_report_workers = 0
auth_strategy = keystone
api_paste_config = $HERE/etc/neutron-api-paste.ini
state_path = $STATE/neutron
dhcp_agent_notification = false
notify_nova_on_port_status_changes = true
notify_nova_on_port_data_changes = true
allow_overlapping_ips = true
[database]
connection = $DB/neutron
$(auth_section nova)
$(common_sections neutron)
[ml2]
type_drivers = flat,vxlan
tenant_network_types = vxlan
mechanism_drivers = loopback_binder
extension_drivers = port_security
[ml2_type_flat]
flat_networks = physnet1
[ml2_type_vxlan]
vni_ranges = 1:1000
[securitygroup]
enable_security_group = true
EOF

mkdir -p "$STATE/cinder/lock"
cat >"$ETC/cinder.conf" <<EOF
[DEFAULT]
$(common_default)
osapi_volume_listen = $HOST
osapi_volume_listen_port = 8776
osapi_volume_workers = 1
api_paste_config = $HERE/etc/cinder-api-paste.ini
auth_strategy = keystone
state_path = $STATE/cinder
enabled_backends = fake
periodic_interval = 5
report_interval = 5
scheduler_driver_init_wait_time = 5
[database]
connection = $DB/cinder
[fake]
volume_driver = cinder.tests.fake_driver.FakeLoggingVolumeDriver
volume_backend_name = fake
$(auth_section nova)
$(auth_section service_user)
send_service_user_token = true
$(common_sections cinder)
EOF

# ---- databases: every service's migrations at once
step keystone-db sh -c "keystone-manage --config-file '$ETC/keystone.conf' db_sync &&
  keystone-manage --config-file '$ETC/keystone.conf' fernet_setup --keystone-user root --keystone-group root &&
  keystone-manage --config-file '$ETC/keystone.conf' credential_setup --keystone-user root --keystone-group root &&
  keystone-manage --config-file '$ETC/keystone.conf' bootstrap --bootstrap-password '$ADMIN_PASSWORD' \
    --bootstrap-admin-url $KEYSTONE/v3/ --bootstrap-internal-url $KEYSTONE/v3/ \
    --bootstrap-public-url $KEYSTONE/v3/ --bootstrap-region-id RegionOne" &
pids_db=($!)
(step glance-db py glance-manage glance.cmd.manage --config-file "$ETC/glance-api.conf" db_sync) &
pids_db+=($!)
(step placement-db placement-manage --config-dir "$ETC/placement" db sync) &
pids_db+=($!)
nova_db() {
  py nova-manage nova.cmd.manage --config-file "$ETC/nova.conf" api_db sync &&
    py nova-manage nova.cmd.manage --config-file "$ETC/nova.conf" cell_v2 map_cell0 --database_connection "$DB/nova_cell0" &&
    py nova-manage nova.cmd.manage --config-file "$ETC/nova.conf" cell_v2 create_cell --name cell1 &&
    py nova-manage nova.cmd.manage --config-file "$ETC/nova.conf" db sync
}
(step nova-db nova_db) &
pids_db+=($!)
(step neutron-db py neutron-db-manage neutron.db.migration.cli --config-file "$ETC/neutron.conf" upgrade heads) &
pids_db+=($!)
(step cinder-db py cinder-manage cinder.cmd.manage --config-file "$ETC/cinder.conf" db sync) &
pids_db+=($!)
wait_port rabbitmq 5672 90
log "RabbitMQ up ($(elapsed))"
failed=0
for p in "${pids_db[@]}"; do wait "$p" || failed=1; done
[ "$failed" = 0 ] || exit 1
log "databases migrated ($(elapsed))"

# ---- API services
uwsgi_app() {
  local name=$1 port=$2 file=$3
  shift 3
  svc "$name" uwsgi-core --plugin python3 --http-socket "$HOST:$port" --wsgi-file "$file" --master \
    --processes 1 --threads 8 --enable-threads --die-on-term --need-app --buffer-size 65535 \
    --add-header "Connection: close" "$@"
}
uwsgi_app keystone 5000 /usr/bin/keystone-wsgi-public --env "OS_KEYSTONE_CONFIG_DIR=$ETC" --env OS_KEYSTONE_CONFIG_FILES=keystone.conf
# These read their service credentials only when they first need them: they start with keystone.
# nova-conductor, nova-scheduler and nova-compute log in to placement at start-up, so they wait
# for the service user.
uwsgi_app placement 8778 /usr/bin/placement-api --env "OS_PLACEMENT_CONFIG_DIR=$ETC/placement"
svc glance-api "${PY[@]}" glance-api glance.cmd.api --config-file "$ETC/glance-api.conf"
svc neutron-server "${PY[@]}" neutron-server neutron.cmd.eventlet.server --config-file "$ETC/neutron.conf"
svc nova-api "${PY[@]}" nova-api nova.cmd.api --config-file "$ETC/nova.conf"
svc cinder-api "${PY[@]}" cinder-api cinder.cmd.api --config-file "$ETC/cinder.conf"
svc cinder-scheduler "${PY[@]}" cinder-scheduler cinder.cmd.scheduler --config-file "$ETC/cinder.conf"
svc cinder-volume "${PY[@]}" cinder-volume cinder.cmd.volume --config-file "$ETC/cinder.conf"
wait_port keystone 5000 60
log "keystone up ($(elapsed))"

# ---- identity: service user (admin + service roles: nova's [service_user] needs `service` for
# volume detach since OSSA-2023-003), the deploying user (member of project stackato), catalog
export OS_AUTH_URL=$KEYSTONE/v3 OS_IDENTITY_API_VERSION=3 OS_REGION_NAME=RegionOne OS_INTERFACE=public
export OS_USERNAME=admin OS_PASSWORD=$ADMIN_PASSWORD OS_PROJECT_NAME=admin OS_USER_DOMAIN_NAME=Default \
  OS_PROJECT_DOMAIN_NAME=Default
osc_batch() {
  # One openstack process for many commands (interactive mode reads them from stdin): one start-up,
  # one token. It does not stop at a failing command, so the caller checks the log for errors.
  local name=$1
  openstack >"$LOG/$name.log" 2>&1
  if grep -Eqi '^(error|.*exception|.*could not|.*conflict|.*not found|.*bad request)' "$LOG/$name.log"; then
    log "$name: a command failed; $LOG/$name.log:"
    cat "$LOG/$name.log" >&2
    return 1
  fi
}
step identity /usr/bin/python3 "$HERE/python/identity.py" "$KEYSTONE" "$ADMIN_PASSWORD" "$SVC_PASSWORD" "$USER_PASSWORD" "$HOST"
log "identity and catalog created ($(elapsed))"

svc nova-conductor "${PY[@]}" nova-conductor nova.cmd.conductor --config-file "$ETC/nova.conf"
svc nova-scheduler "${PY[@]}" nova-scheduler nova.cmd.scheduler --config-file "$ETC/nova.conf"
for n in 1 2; do
  svc "nova-compute-$n" "${PY[@]}" nova-compute nova.cmd.compute --config-file "$ETC/nova.conf" --config-file "$ETC/nova-compute-$n.conf"
done


for s in "glance-api 9292" "placement 8778" "nova-api 8774" "neutron-server 9696" "cinder-api 8776"; do
  # shellcheck disable=SC2086
  wait_port $s 120
done
log "all APIs answer ($(elapsed))"

# ---- fixture: what the example stacks expect to exist in the cloud (see integration/README.md)
osc_batch fixture-admin <<EOF
flavor create --vcpus 2 --ram 4096 --disk 40 --public m1.medium
flavor create --vcpus 4 --ram 8192 --disk 80 --public m1.large
quota set --instances 30 --cores 100 --ram 204800 --server-groups 20 --server-group-members 20 --volumes 20 --floating-ips 20 --ports 100 --secgroups 20 --secgroup-rules 200 stackato
network create --external --provider-network-type flat --provider-physical-network physnet1 public
subnet create --network public --subnet-range 127.42.2.0/24 --no-dhcp --gateway 127.42.2.1 --allocation-pool start=127.42.2.10,end=127.42.2.250 public-subnet
EOF
# A key pair and a tiny qcow2 image: the micro-cloud stack registers the key and uploads the image
# itself (STACKATO_PUBLIC_KEY_FILE, STACKATO_IMAGE_FILE); the cluster stack uses the existing ones.
mkdir -p "$D/fixture"
ssh-keygen -q -t rsa -b 2048 -N '' -C stackato-integration -f "$D/fixture/id_rsa"
qemu-img create -q -f qcow2 "$D/fixture/stackato-integration.qcow2" 64M
export OS_USERNAME=stackato OS_PASSWORD=$USER_PASSWORD OS_PROJECT_NAME=stackato
osc_batch fixture-user <<EOF
keypair create --public-key $D/fixture/id_rsa.pub stackato-fixture
image create --disk-format qcow2 --container-format bare --min-ram 2048 --private --file $D/fixture/stackato-integration.qcow2 Stackato-fixture
network create private
subnet create --network private --subnet-range 127.42.1.0/24 --no-dhcp --gateway 127.42.1.1 private-subnet
router create stackato-router
router set --external-gateway public stackato-router
router add subnet stackato-router private-subnet
EOF
log "fixture networks, flavors and quotas created ($(elapsed))"

# ---- wait for both computes to be mapped into cell1 and for cinder-volume to report capacity
for _ in $(seq 1 120); do
  n=$(OS_USERNAME=admin OS_PASSWORD=$ADMIN_PASSWORD OS_PROJECT_NAME=admin openstack hypervisor list -f value -c "Hypervisor Hostname" 2>/dev/null | grep -c compute- || true)
  [ "$n" = 2 ] && break
  sleep 1
done
[ "$n" = 2 ] || {
  log "nova: only $n of 2 compute hosts registered"
  tail -20 "$LOG"/nova-compute-*.log >&2
  exit 1
}
log "nova: 2 compute hosts registered ($(elapsed))"
probe=$(openstack volume create --size 1 integration-probe -f value -c id)
for _ in $(seq 1 120); do
  status=$(openstack volume show "$probe" -f value -c status)
  [ "$status" = available ] && break
  if [ "$status" = error ]; then
    # Created before cinder-volume's first capability report: the scheduler had no backend. Retry.
    openstack volume delete "$probe"
    probe=$(openstack volume create --size 1 integration-probe -f value -c id)
  fi
  sleep 1
done
[ "$status" = available ] || {
  log "cinder: the probe volume is $status"
  exit 1
}
openstack volume delete "$probe"
log "cinder: a probe volume became available ($(elapsed))"
log "control plane ready in $(elapsed)"
