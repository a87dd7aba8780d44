#!/usr/bin/env bash
# End-to-end: golive diff and evaluate --baseline, with their exit codes.
#   baseline_diff.sh GOLIVE FIXTURES
set -u
golive=$1 fixtures=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
check() {  # check NAME EXPECTED_CODE ACTUAL_CODE OUTPUT_FILE [REGEX...]
  local name=$1 expected=$2 actual=$3 output=$4
  shift 4
  if [ "$actual" != "$expected" ]; then
    echo "FAIL $name: exit $actual, expected $expected"; cat "$output"; failed=1; return
  fi
  for re in "$@"; do
    if ! grep -Pq -- "$re" "$output"; then
      echo "FAIL $name: output does not match $re"; cat "$output"; failed=1; return
    fi
  done
  echo "ok   $name"
}
evaluate() {
  "$golive" evaluate --no-builtin --rules "$fixtures/pack" --now 2026-11-22T00:00:00Z "$@"
}

evaluate --snapshot "$fixtures/snapshot-go.json" --format json --output "$work/go.json"
evaluate --snapshot "$fixtures/snapshot-nogo.json" --format json --output "$work/nogo.json"

"$golive" diff "$work/go.json" "$work/nogo.json" >"$work/out" 2>&1
check "diff: a new blocking failure exits 1" 1 $? "$work/out" \
  "^Decision: GO -> NO_GO" "^New problems \(1\)" "blocking +fail +fixture.replicas +odoo/web" \
  "resilience +100 -> +50 +\(-50\)"

"$golive" diff "$work/nogo.json" "$work/go.json" >"$work/out" 2>&1
check "diff: resolving it exits 0" 0 $? "$work/out" "^Resolved \(1\)" "^New problems \(0\)"

"$golive" diff "$work/nogo.json" "$work/nogo.json" --format json >"$work/out" 2>&1
check "diff: identical results, JSON" 0 $? "$work/out" '"still_failing": 1' '"new_blocking_failure": false'

evaluate --snapshot "$fixtures/snapshot-nogo.json" --baseline "$work/nogo.json" --format json >"$work/out" 2>&1
check "baseline: known failures do not decide" 0 $? "$work/out" '"decision": "GO"' '"baseline": true' \
  '"matched": 1'

evaluate --snapshot "$fixtures/snapshot-nogo-worse.json" --baseline "$work/nogo.json" >"$work/out" 2>&1
check "baseline: a new blocking failure still decides" 1 $? "$work/out" "NO-GO" \
  "blocking: fixture.replicas failed on odoo/cron" "(?s)^(?!.*blocking: fixture.replicas failed on odoo/web)"

"$golive" report --from "$work/nogo.json" --format terminal >"$work/out" 2>&1
check "report --from re-renders a saved result" 0 $? "$work/out" "^ NO-GO +score" "fixture.replicas"

echo '{"golive_result": 1, "decision": "GO"' >"$work/broken.json"
"$golive" report --from "$work/broken.json" >"$work/out" 2>&1
check "report --from a broken file exits 2 with its position" 2 $? "$work/out" "broken.json:2:1: error: invalid JSON"

echo '{"decision": "GO"}' >"$work/other.json"
"$golive" diff "$work/other.json" "$work/go.json" >"$work/out" 2>&1
check "diff of a non-result exits 2" 2 $? "$work/out" "other.json:1:1: error: not a golive result"

exit $failed
