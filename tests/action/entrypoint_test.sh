#!/usr/bin/env bash
# The GitHub Action's entrypoint (action/entrypoint.sh), run as GitHub runs
# it: inputs as INPUT_<NAME> variables, outputs appended to $GITHUB_OUTPUT,
# the step's result golive's exit code.
#   entrypoint_test.sh GOLIVE SOURCE_DIR
set -euo pipefail
# shellcheck source=tests/lib/checks.sh
source "$(dirname "$0")/../lib/checks.sh"
golive=$(realpath "$1")
source_dir=$(realpath "$2")
entrypoint=$source_dir/action/entrypoint.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin" "$work/ws"
ln -s "$golive" "$work/bin/golive"


# run_action NAME=VALUE...: runs the entrypoint in the workspace with those
# inputs; sets status, the outputs in $work/output, the log in $work/log.
run_action() {
  : >"$work/output"
  set +e
  (cd "$work/ws" && env -i PATH="$work/bin:/usr/bin:/bin" GITHUB_OUTPUT="$work/output" \
     "${@/#/INPUT_}" bash "$entrypoint") >"$work/log" 2>&1
  status=$?
  set -e
}
output_of() { sed -n "s/^$1=//p" "$work/output"; }

demo=$source_dir/examples/retail-demo
cp "$demo/snapshot.json" "$work/ws/snapshot with space.json"
run_action "SNAPSHOT=snapshot with space.json" "WAIVERS=$demo/waivers.yaml" \
  "SARIF=out/golive.sarif" "JUNIT=golive.xml" "MARKDOWN=golive.md" "FAIL-ON=" "JSON="
check "a NO-GO snapshot: exit 1" test "$status" -eq 1
check "a NO-GO snapshot: decision NO_GO" test "$(output_of decision)" = NO_GO
check "a NO-GO snapshot: exit-code 1" test "$(output_of exit-code)" = 1
check "a NO-GO snapshot: sarif names the report" test "$(output_of sarif)" = out/golive.sarif
for report in out/golive.sarif golive.xml golive.md; do
  check "report $report written" test -s "$work/ws/$report"
done

run_action "SNAPSHOT=snapshot with space.json" "FAIL-ON=urgent"
check "an unknown fail-on: exit 2" test "$status" -eq 2
check "an unknown fail-on: no decision" test -z "$(output_of decision)"
check "an unknown fail-on: golive's message is shown" grep -q "unknown severity 'urgent'" "$work/log"

run_action "SNAPSHOT=snapshot with space.json" "CONFIG=golive.yaml"
check "snapshot and config together: exit 2" test "$status" -eq 2
run_action
check "no input: exit 2" test "$status" -eq 2
check "no input: says what to set" grep -q "set snapshot, config or manifests" "$work/log"

# Arguments reach golive one by one, whatever they contain (the single-quoted
# $(...) is meant literally: it must never run).
rm "$work/bin/golive"
printf '#!/bin/bash\nprintf "%%s\\n" "$@" >"%s"\n' "$work/args" >"$work/bin/golive"
chmod +x "$work/bin/golive"
# shellcheck disable=SC2016
run_action "MANIFESTS=$(printf 'deploy/a b.yaml\n  deploy/*.yaml  \n\n')" 'RULES=packs/$(touch pwned)' \
  "PROFILE=staging" "SARIF="
check "a stubbed golive is run" test "$status" -eq 0
# shellcheck disable=SC2016
printf '%s\n' audit --manifests "deploy/a b.yaml" --manifests "deploy/*.yaml" \
  --rules 'packs/$(touch pwned)' --profile staging --report >"$work/expected"
check "each input is one argument, nothing expanded or evaluated" \
  bash -c "head -n 10 '$work/args' | diff - '$work/expected'"
check "no input was run as a command" test ! -e "$work/ws/pwned"
check "the JSON result is always asked for" grep -q '^json=' "$work/args"

if [ "$failures" -ne 0 ]; then cat "$work/log"; fi
checks_done entrypoint_test
