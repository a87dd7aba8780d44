#!/usr/bin/env bash
# Whole-process benchmark: `golive evaluate` on the generated large snapshot
# (10,000 Kubernetes objects, 500 Azure resources), pinned to one core.
# Prints wall time and peak memory of each of a few runs.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
runs=${RUNS:-5}
snapshot=$(mktemp --suffix=.json)
trap 'rm -f "$snapshot"' EXIT
"$build/bench/evaluate_bench" --write-snapshot "$snapshot"
for _ in $(seq "$runs"); do
  /usr/bin/time -f "wall %e s, peak RSS %M KiB" taskset -c 0 \
    "$build/golive" evaluate --snapshot "$snapshot" --now 2026-11-22T00:00:00Z \
    --format json --output /dev/null || true
done
