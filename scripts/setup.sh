#!/usr/bin/env bash
# The README's set-up command: everything the tests need, on a fresh machine, from package registries only.
#   1. Debian packages: shellcheck (the scripts are checked with it), openssh-server, sshfs and sudo (the
#      end-to-end test's simulated hosts use them). Skipped when present; needs root or sudo otherwise.
#   2. toolchain/build.sh: Terraform 1.11.x and terraform-provider-openstack 3.4.0 from the Go module proxy.
#   3. npm ci: dependencies, the generated OpenStack bindings, the build.
# Usage: bash scripts/setup.sh [--skip-toolchain]
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1

skip_toolchain=no
for arg in "$@"; do
  case "$arg" in
    --skip-toolchain) skip_toolchain=yes ;;
    *)
      echo "scripts/setup.sh: unknown argument '$arg' (the only one is --skip-toolchain)" >&2
      exit 2
      ;;
  esac
done

timed() {
  local started=$SECONDS
  "$@"
  echo "setup: '$*' took $((SECONDS - started)) s"
}

have_sshd() { command -v sshd >/dev/null 2>&1 || [ -x /usr/sbin/sshd ]; }

apt_packages() {
  local wanted=()
  command -v shellcheck >/dev/null 2>&1 || wanted+=(shellcheck)
  have_sshd || wanted+=(openssh-server)
  command -v sshfs >/dev/null 2>&1 || wanted+=(sshfs)
  command -v sudo >/dev/null 2>&1 || wanted+=(sudo)
  if [ "${#wanted[@]}" -eq 0 ]; then
    echo "setup: shellcheck, sshd, sshfs and sudo are installed"
    return
  fi
  local sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  echo "setup: installing ${wanted[*]} from Debian's packages"
  # policy-rc.d keeps openssh-server from starting this machine's own sshd during the install.
  local made_policy=no
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${sudo_cmd[@]}" chmod 755 /usr/sbin/policy-rc.d
    made_policy=yes
  fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${wanted[@]}" >/dev/null
  if [ "$made_policy" = yes ]; then "${sudo_cmd[@]}" rm -f /usr/sbin/policy-rc.d; fi
}

timed apt_packages
if [ "$skip_toolchain" = no ]; then timed bash toolchain/build.sh; fi
timed npm ci --no-audit --no-fund
