#!/usr/bin/env bash
# Installs the Debian bookworm packages of a real OpenStack Zed control plane (keystone, glance, nova,
# placement, neutron, cinder) plus MariaDB and RabbitMQ, WITHOUT starting any of them: a policy-rc.d that
# exits 101 is in place during the install. integration/run.ts starts and stops every service itself, on
# loopback only. Safe to run again (apt-get install of installed packages is a no-op).
#
# Exits 0 and prints one "skipping integration: <reason>" line when it cannot install (not root, not
# Debian/apt), unless CI=true, where that is a failure.
set -euo pipefail

skip() {
  if [ "${CI:-}" = "true" ]; then
    echo "integration setup FAILED: $1" >&2
    exit 1
  fi
  echo "skipping integration: $1"
  exit 0
}

[ "$(uname -s)" = Linux ] || skip "not Linux"
[ "$(id -u)" = 0 ] || skip "not root (apt-get install and the services need root)"
command -v apt-get >/dev/null 2>&1 || skip "no apt-get (the control plane comes from Debian bookworm's packages)"

# The python3-* packages carry the services' code; the service packages (nova-api, ...) would add init
# scripts, system users and debconf questions we do not need. The paste.ini files come from integration/etc.
PACKAGES=(
  mariadb-server rabbitmq-server
  python3-keystone python3-glance python3-nova python3-placement python3-neutron python3-cinder
  python3-openstackclient python3-pymysql uwsgi-core uwsgi-plugin-python3
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" = 0 ]; then
  echo "integration setup: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

start=$(date +%s)
made_policy=no
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  made_policy=yes
fi
cleanup() { if [ "$made_policy" = yes ]; then rm -f /usr/sbin/policy-rc.d; fi; }
trap cleanup EXIT

echo "integration setup: installing ${#missing[@]} packages (${missing[*]}) and their dependencies"
if ! apt-get update -qq; then skip "apt-get update failed"; fi
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
  "${missing[@]}" >/tmp/integration-apt.log 2>&1; then
  tail -20 /tmp/integration-apt.log >&2
  skip "apt-get install failed (log: /tmp/integration-apt.log)"
fi
echo "integration setup: installed in $(($(date +%s) - start)) s"
