#!/usr/bin/env bash
# Adds npm dependencies under the bootstrap lock, so concurrent work in this checkout never races npm.
#   bash scripts/add-dep.sh [-D] <package>...
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mkdir -p .enclave
exec 9>.enclave/bootstrap.lock
flock 9
npm install --no-audit --no-fund --loglevel=error "$@"
sha256sum package-lock.json | sha256sum | cut -c1-16 > node_modules/.enclave-stamp
