#!/usr/bin/env bash
# Writes the project's Terraform CLI configuration into <dir> (bootstrap: .enclave/terraform):
#   <dir>/cli.tfrc          the CLI configuration; the project's scripts hand it to every terraform they run
#                           (TF_CLI_CONFIG_FILE); nothing else reads it, and ~/.terraformrc is left alone;
#   <dir>/provider-source   "mirror <path>" or "registry registry.terraform.io", for the scripts' own checks.
# hashicorp/aws comes from a filesystem mirror when one exists (ENCLAVE_TF_PLUGIN_MIRROR, default /opt/tf-plugins:
# offline machines carry it there), from registry.terraform.io otherwise (with a plugin cache in <dir>). Only
# hashicorp/aws is ever installed: neither configuration lets another provider in, so a stack that asks for one
# fails at init. Rewritten on every run (cheap), so a mirror that appears or disappears is picked up.
set -euo pipefail
dir="${1:?usage: terraform-cli-config.sh <dir>}"
mkdir -p "$dir/plugin-cache"
mirror="${ENCLAVE_TF_PLUGIN_MIRROR:-/opt/tf-plugins}"
if [ -d "$mirror/registry.terraform.io/hashicorp/aws" ]; then
  source="mirror $mirror"
  installation="provider_installation {
  filesystem_mirror {
    path    = \"$mirror\"
    include = [\"registry.terraform.io/hashicorp/aws\"]
  }
}"
else
  source="registry registry.terraform.io"
  installation="provider_installation {
  direct {
    include = [\"registry.terraform.io/hashicorp/aws\"]
  }
}

plugin_cache_dir = \"$dir/plugin-cache\""
fi
cat > "$dir/cli.tfrc.tmp" <<TFRC
# Written by scripts/terraform-cli-config.sh ($source). Used only by the project's scripts; regenerate with
# npm run bootstrap. Do not edit: the next bootstrap overwrites it.
$installation

disable_checkpoint = true
TFRC
mv "$dir/cli.tfrc.tmp" "$dir/cli.tfrc"
echo "$source" > "$dir/provider-source"
