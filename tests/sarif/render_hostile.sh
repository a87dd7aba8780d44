#!/usr/bin/env bash
# render_hostile.sh GOLIVE SOURCE_DIR FORMAT
# Prints the retail demo, with hostile strings planted by make_hostile.py,
# rendered by `golive report --from ... --format FORMAT`; exits 0 when golive
# rendered it (any decision), golive's code otherwise.
set -euo pipefail
golive=$1 src=$2 format=$3
here=$(cd "$(dirname "$0")" && pwd)
source "$here/demo_pair.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
render_demo_pair "$golive" "$src" "$format" "$work/demo.out" "$work/hostile.out" "$work"
cat "$work/hostile.out"
