#!/usr/bin/env bash
# check_demo.sh GOLIVE SOURCE_DIR CACHE_DIR
# Renders the retail demo, and the demo with hostile strings, as SARIF and
# validates both (validate.sh: sarif-multitool --rule-kind Gh + JSON Schema).
set -euo pipefail
golive=$1 src=$2 cache=$3
here=$(cd "$(dirname "$0")" && pwd)
source "$here/demo_pair.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
render_demo_pair "$golive" "$src" sarif "$work/demo.sarif" "$work/hostile.sarif" "$work"
"$here/validate.sh" "$cache" "$work/demo.sarif" "$work/hostile.sarif"
