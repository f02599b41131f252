#!/usr/bin/env bash
# Installs everything the project needs, idempotently: npm packages, the Python virtualenv (moto server, checkov,
# cfn-lint), PostgreSQL and Chromium from Debian, and the project's own Terraform CLI configuration. Each step is skipped when its stamp says it is already done, so
# `npm start` and `npm test` can both call this on every run. A lock keeps concurrent runs from racing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mkdir -p .enclave
exec 9>.enclave/bootstrap.lock
flock 9

log() { printf '[bootstrap] %s\n' "$*" >&2; }
hash_of() { sha256sum "$@" | sha256sum | cut -c1-16; }

# npm packages: reinstall only when package-lock.json changed since the last install.
lock_hash="$(hash_of package-lock.json)"
if [ ! -f node_modules/.enclave-stamp ] || [ "$(cat node_modules/.enclave-stamp)" != "$lock_hash" ]; then
  log "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.enclave-stamp
fi

# Python virtualenv with moto server, checkov and cfn-lint, pinned in requirements-dev.txt.
req_hash="$(hash_of requirements-dev.txt)"
if [ ! -f .venv/.enclave-stamp ] || [ "$(cat .venv/.enclave-stamp)" != "$req_hash" ]; then
  log "creating .venv (moto, checkov, cfn-lint)"
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
  echo "$req_hash" > .venv/.enclave-stamp
fi

apt_updated=0
apt_install() {
  if [ "$(id -u)" != 0 ]; then log "need root to apt-get install $*; install it and rerun"; return 1; fi
  if [ "$apt_updated" = 0 ]; then apt-get update -qq >/dev/null; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# PostgreSQL server binaries (the local stand-in for RDS) and openssl for its start-up CA.
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing PostgreSQL from Debian"
  apt_install postgresql
fi
command -v openssl >/dev/null || apt_install openssl

# Headless Chromium, to render the HTML evidence report in tests.
if ! command -v chromium >/dev/null 2>&1; then
  log "installing Chromium from Debian"
  apt_install chromium
fi

# Node 22 from the npm registry into .enclave/node22 (the functions' Lambda runtime major; see scripts/node22.sh).
bash scripts/node22.sh --install

# Terraform CLI configuration owned by the project: .enclave/terraform/cli.tfrc. The project's scripts hand it to every
# terraform they run (TF_CLI_CONFIG_FILE); nothing else reads it, and the user's own ~/.terraformrc is left alone.
# The AWS provider comes from a filesystem mirror when one exists (ENCLAVE_TF_PLUGIN_MIRROR, default /opt/tf-plugins:
# offline machines carry it there), from registry.terraform.io otherwise. Only hashicorp/aws is ever installed: the
# mirror configuration has no `direct` fallback, so a stack that asks for another provider fails at init.
# Rewritten on every run (cheap), so a mirror that appears or disappears is picked up.
tf_dir="$root/.enclave/terraform"
mkdir -p "$tf_dir/plugin-cache"
mirror="${ENCLAVE_TF_PLUGIN_MIRROR:-/opt/tf-plugins}"
if [ -d "$mirror/registry.terraform.io/hashicorp/aws" ]; then
  tf_source="mirror $mirror"
  tf_installation="provider_installation {
  filesystem_mirror {
    path    = \"$mirror\"
    include = [\"registry.terraform.io/hashicorp/aws\"]
  }
}"
else
  tf_source="registry registry.terraform.io"
  tf_installation="provider_installation {
  direct {
    include = [\"registry.terraform.io/hashicorp/aws\"]
  }
}

plugin_cache_dir = \"$tf_dir/plugin-cache\""
fi
cat > "$tf_dir/cli.tfrc.tmp" <<TFRC
# Written by scripts/bootstrap.sh ($tf_source). Used only by the project's scripts; regenerate with
# npm run bootstrap. Do not edit: the next bootstrap overwrites it.
$tf_installation

disable_checkpoint = true
TFRC
mv "$tf_dir/cli.tfrc.tmp" "$tf_dir/cli.tfrc"
echo "$tf_source" > "$tf_dir/provider-source"
if ! command -v terraform >/dev/null 2>&1; then
  log "terraform is not on PATH: the Terraform checks and deploy:local for the Terraform environments need Terraform >= 1.11 (https://developer.hashicorp.com/terraform/install)"
fi
