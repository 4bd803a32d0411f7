#!/usr/bin/env bash
# Builds the pinned Terraform toolchain into .toolchain/ (or $STACKATO_TOOLCHAIN_DIR), offline from any
# Terraform registry: everything comes from the Go module proxy by module path and pinned version.
#
#   .toolchain/bin/terraform      Terraform 1.11.x: the one on PATH when it is 1.11.x, else built from
#                                  toolchain/terraform (go.mod/go.sum pin every module of the build)
#   .toolchain/providers/...       terraform-provider-openstack 3.4.0, built from its own go.mod and go.sum,
#                                  laid out as a Terraform filesystem mirror
#   .toolchain/terraform.rc        a CLI config whose provider_installation uses only that mirror
#
# Usage: bash toolchain/build.sh [--build-terraform]   (--build-terraform: build even when PATH has 1.11.x)
# Each step is skipped when its output is already there at the pinned version, so a re-run takes seconds.
set -euo pipefail
export CHECKPOINT_DISABLE=1

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
out="${STACKATO_TOOLCHAIN_DIR:-$root/.toolchain}"
# shellcheck source=toolchain/versions.env
. "$here/versions.env"

build_terraform=no
for arg in "$@"; do
  case "$arg" in
    --build-terraform) build_terraform=yes ;;
    *)
      echo "toolchain/build.sh: unknown argument '$arg' (the only one is --build-terraform)" >&2
      exit 2
      ;;
  esac
done

if ! command -v go >/dev/null 2>&1; then
  echo "toolchain/build.sh: 'go' is not on PATH; Go >= 1.24 builds Terraform and the OpenStack provider" >&2
  exit 1
fi
# The environment's GOFLAGS may say -mod=mod, which would let a build rewrite the pinned go.sum files.
export GOFLAGS="-mod=readonly -buildvcs=false"
export GOTOOLCHAIN=local

step() {
  local started=$SECONDS
  echo "toolchain: $1"
  shift
  "$@"
  echo "toolchain:   done in $((SECONDS - started)) s"
}

terraform_version_of() {
  "$1" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p' | head -1
}

install_terraform() {
  local bin="$out/bin/terraform" found=""
  mkdir -p "$out/bin"
  if [ "$(terraform_version_of "$bin" 2>/dev/null)" = "$TERRAFORM_VERSION" ]; then
    echo "toolchain:   $bin is Terraform $TERRAFORM_VERSION already"
    return
  fi
  if [ "$build_terraform" = no ] && found="$(command -v terraform 2>/dev/null)" && [ -n "$found" ]; then
    case "$(terraform_version_of "$found")" in
      1.11.*)
        ln -sfn "$found" "$bin"
        echo "toolchain:   using $found (Terraform $(terraform_version_of "$found"), on PATH)"
        return
        ;;
    esac
  fi
  # As HashiCorp's release builds do: dev=no drops the "-dev" version suffix, -s -w the debug tables.
  (cd "$here/terraform" && go build -trimpath -ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" \
    -o "$bin.tmp" github.com/hashicorp/terraform)
  mv -f "$bin.tmp" "$bin"
  echo "toolchain:   built Terraform $(terraform_version_of "$bin") from the Go module proxy"
}

install_openstack_provider() {
  local dir json sum bin stamp="$out/stamps/openstack-provider.sum"
  bin="$out/providers/registry.terraform.io/terraform-provider-openstack/openstack/$OPENSTACK_PROVIDER_VERSION/linux_amd64/terraform-provider-openstack_v$OPENSTACK_PROVIDER_VERSION"
  if [ -x "$bin" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$OPENSTACK_PROVIDER_SUM" ]; then
    echo "toolchain:   $bin is there already"
    return
  fi
  # go mod download checks the zip against the checksum database; the pinned sum checks it is the zip we reviewed.
  json="$(cd "$here/terraform" && go mod download -json "$OPENSTACK_PROVIDER_MODULE@v$OPENSTACK_PROVIDER_VERSION")"
  dir="$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  sum="$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Sum": "\(.*\)",$/\1/p')"
  if [ "$sum" != "$OPENSTACK_PROVIDER_SUM" ]; then
    echo "toolchain/build.sh: $OPENSTACK_PROVIDER_MODULE@v$OPENSTACK_PROVIDER_VERSION has sum '$sum', expected '$OPENSTACK_PROVIDER_SUM' (toolchain/versions.env)" >&2
    exit 1
  fi
  mkdir -p "$(dirname "$bin")" "$(dirname "$stamp")"
  # Built as the provider's own main module: -mod=readonly makes its go.sum authoritative for every dependency.
  (cd "$dir" && go build -trimpath -o "$bin.tmp" .)
  mv -f "$bin.tmp" "$bin"
  # Outside the mirror: Terraform would take any terraform-provider-* file there for the executable.
  printf '%s\n' "$sum" >"$stamp"
}

write_cli_config() {
  # hashicorp/null is not served by the Go module proxy; tests reattach the harness's null provider instead.
  cat >"$out/terraform.rc" <<EOF
# Written by toolchain/build.sh. Terraform installs providers from the local mirror only: no registry.
provider_installation {
  filesystem_mirror {
    path    = "$out/providers"
    include = ["registry.terraform.io/terraform-provider-openstack/openstack"]
  }
}
EOF
}

step "Terraform $TERRAFORM_VERSION" install_terraform
step "terraform-provider-openstack $OPENSTACK_PROVIDER_VERSION" install_openstack_provider
write_cli_config
echo "toolchain: ready in $out (TF_CLI_CONFIG_FILE=$out/terraform.rc)"
