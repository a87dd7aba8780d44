# Sourced by the report-format checks (sarif/, junit/): renders the retail
# demo, and the same result with hostile strings planted by make_hostile.py,
# in one format.
#
#   render_demo_pair GOLIVE SOURCE_DIR FORMAT DEMO_OUT HOSTILE_OUT WORK_DIR

# golive rendered the report: any decision (0, 1, 3); not invalid input (2).
rendered() { case $1 in 1 | 3) return 0 ;; *) echo "FAIL: golive exited $1" >&2; return 1 ;; esac; }

render_demo_pair() {
  local golive=$1 src=$2 format=$3 demo=$4 hostile=$5 work=$6
  local here
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  # Rule packs are located relative to the checkout, as in CI.
  (cd "$src" && "$golive" evaluate --snapshot examples/retail-demo/snapshot.json \
    --waivers examples/retail-demo/waivers.yaml --now 2026-11-22T00:00:00Z \
    --format "$format" --output "$demo" --report json="$work/demo.json") || rendered $?
  /usr/bin/python3 "$here/make_hostile.py" "$work/demo.json" "$work/hostile.json"
  "$golive" report --from "$work/hostile.json" --format "$format" --output "$hostile" ||
    rendered $?
}
