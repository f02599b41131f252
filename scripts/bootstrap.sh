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

# Terraform CLI configuration owned by the project (scripts/terraform-cli-config.sh says how it is chosen).
bash scripts/terraform-cli-config.sh "$root/.enclave/terraform"
if ! command -v terraform >/dev/null 2>&1; then
  log "terraform is not on PATH: the Terraform checks and deploy:local for the Terraform environments need Terraform >= 1.11 (https://developer.hashicorp.com/terraform/install)"
fi
