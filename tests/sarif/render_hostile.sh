#!/usr/bin/env bash
# render_hostile.sh GOLIVE SOURCE_DIR FORMAT
# Prints the retail demo, with hostile strings planted by make_hostile.py,
# rendered by `golive report --from ... --format FORMAT`; exits 0 when golive
# rendered it (any decision), golive's code otherwise.
set -euo pipefail
golive=$1 src=$2 format=$3
here=$(cd "$(dirname "$0")" && pwd)
# golive rendered the report: any decision (0, 1, 3); not invalid input (2).
rendered() { case $1 in 1 | 3) return 0 ;; *) echo "FAIL: golive exited $1" >&2; return 1 ;; esac; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$src"
"$golive" evaluate --snapshot examples/retail-demo/snapshot.json \
  --waivers examples/retail-demo/waivers.yaml --now 2026-11-22T00:00:00Z \
  --format json --output "$work/demo.json" || rendered $?
/usr/bin/python3 "$here/make_hostile.py" "$work/demo.json" "$work/hostile.json"
"$golive" report --from "$work/hostile.json" --format "$format" || rendered $?
