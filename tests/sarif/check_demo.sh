#!/usr/bin/env bash
# check_demo.sh GOLIVE SOURCE_DIR CACHE_DIR
# Renders the retail demo, and the demo with hostile strings, as SARIF and
# validates both (validate.sh: sarif-multitool --rule-kind Gh + JSON Schema).
set -euo pipefail
golive=$1 src=$2 cache=$3
here=$(cd "$(dirname "$0")" && pwd)
# golive rendered the report: any decision (0, 1, 3); not invalid input (2).
rendered() { case $1 in 1 | 3) return 0 ;; *) echo "FAIL: golive exited $1" >&2; return 1 ;; esac; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$src"  # rule packs are located relative to the checkout, as in CI
"$golive" evaluate --snapshot examples/retail-demo/snapshot.json \
  --waivers examples/retail-demo/waivers.yaml --now 2026-11-22T00:00:00Z \
  --format sarif --output "$work/demo.sarif" --report json="$work/demo.json" || rendered $?
/usr/bin/python3 "$here/make_hostile.py" "$work/demo.json" "$work/hostile.json"
"$golive" report --from "$work/hostile.json" --format sarif --output "$work/hostile.sarif" ||
  rendered $?
exec "$here/validate.sh" "$cache" "$work/demo.sarif" "$work/hostile.sarif"
