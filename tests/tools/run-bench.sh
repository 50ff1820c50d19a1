#!/usr/bin/env bash
# make bench: runs every benchmark under tests/bench/ against the published binary given as $1.
# Each benchmark prints its own table with figures for nvr and a peer measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/../.."
nvr="${1:?usage: run-bench.sh path/to/nvr}"
shopt -s nullglob
benches=(tests/bench/*.sh)
if [ ${#benches[@]} -eq 0 ]; then
  echo "bench: no benchmarks yet"
  exit 0
fi
for b in "${benches[@]}"; do
  echo "== $b"
  NVR_BINARY="$nvr" bash "$b"
done
