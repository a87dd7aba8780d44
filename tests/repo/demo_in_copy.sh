#!/usr/bin/env bash
# The README's demo works from the repository alone, and never hides a
# failure. Copies the source tree (tracked and new files; no .git, build/ or
# out/) into an empty temporary folder with nothing beside it, then runs
# scripts/demo.sh there with an already built golive:
#   1. as shipped: exit 0, every report written by this run, NO-GO;
#   2. with a broken Traefik golden file: the harness fails, demo.sh must
#      exit non-zero and say so on stderr, and claim no reports;
#   3. with a golive that exits 1 without writing one report: non-zero;
#   4. with a golive that refuses its input (exit 2): non-zero.
#   demo_in_copy.sh GOLIVE SOURCE_DIR
set -euo pipefail
# shellcheck source=tests/lib/checks.sh
source "$(dirname "$0")/../lib/checks.sh"
golive=$(realpath "$1")
source_dir=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
copy=$work/golive
mkdir "$copy"
source_files "$source_dir" | (cd "$source_dir" && tar --null -T - -cf -) | tar -C "$copy" -xf -
[ -x "$copy/scripts/demo.sh" ] || { echo "FAIL: the copy has no scripts/demo.sh"; exit 1; }
# The demo log goes beside the copy only from here on: until now, nothing is.
[ "$(ls -A "$work")" = golive ] || { echo "FAIL: something is beside the copy"; exit 1; }

run_demo() {  # run_demo GOLIVE: sets status; stdout/stderr in $work/demo.{out,err}
  set +e
  (cd "$copy" && GOLIVE=$1 bash scripts/demo.sh) >"$work/demo.out" 2>"$work/demo.err"
  status=$?
  set -e
  echo "--- demo.sh exit $status; last lines of stdout, stderr:"
  tail -n 3 "$work/demo.out"
  tail -n 3 "$work/demo.err"
}

reports=(retail-demo.html retail-demo.json retail-demo.sarif retail-demo.xml retail-demo.md
         retail-demo-snapshot.json)

# 1. As shipped (the copy has no out/: every report is this run's).
run_demo "$golive"
check "the demo exits 0" test "$status" -eq 0
for report in "${reports[@]}"; do
  check "out/$report written" test -s "$copy/out/$report"
done
check "the result is the demo's NO-GO" grep -q '"decision": "NO_GO"' "$copy/out/retail-demo.json"
check "stdout names the reports" grep -q "^Reports written to out/" "$work/demo.out"

# 2. A broken golden file: the Traefik replay cannot start.
golden=$copy/tests/data/traefik-api/overview-dynamic.json
cp "$golden" "$work/golden.json"
echo '{ not json' >"$golden"
run_demo "$golive"
check "a harness failure is non-zero" test "$status" -ne 0
check "a harness failure says so on stderr" grep -q "demo harness failed" "$work/demo.err"
check "a harness failure claims no reports" bash -c "! grep -q 'Reports written' '$work/demo.out'"
check "a harness failure leaves no report behind" test ! -e "$copy/out/retail-demo.html"
cp "$work/golden.json" "$golden"

# 3. golive decides NO-GO (exit 1) but one report is missing.
cat >"$work/golive-drops-report" <<WRAPPER
#!/bin/sh
"$golive" "\$@"
code=\$?
rm -f "$copy/out/retail-demo.sarif"
exit \$code
WRAPPER
chmod +x "$work/golive-drops-report"
run_demo "$work/golive-drops-report"
check "a missing report is non-zero" test "$status" -ne 0
check "a missing report is named on stderr" grep -q "retail-demo.sarif was not written" "$work/demo.err"

# 4. golive refuses its input.
printf '#!/bin/sh\necho "golive: bad input" >&2\nexit 2\n' >"$work/golive-refuses"
chmod +x "$work/golive-refuses"
run_demo "$work/golive-refuses"
check "golive's exit 2 is non-zero" test "$status" -ne 0
check "golive's exit 2 is explained" grep -q "refused the demo's input" "$work/demo.err"

checks_done demo_in_copy
