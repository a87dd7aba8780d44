#!/usr/bin/env bash
# check.sh GOLIVE SOURCE_DIR
# Renders the retail demo, and the demo with hostile strings, as JUnit XML and
# validates both with `xmllint --noout --schema tests/junit/junit.xsd`.
set -euo pipefail
golive=$1 src=$2
here=$(cd "$(dirname "$0")" && pwd)
# golive rendered the report: any decision (0, 1, 3); not invalid input (2).
rendered() { case $1 in 1 | 3) return 0 ;; *) echo "FAIL: golive exited $1" >&2; return 1 ;; esac; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$src"
"$golive" evaluate --snapshot examples/retail-demo/snapshot.json \
  --waivers examples/retail-demo/waivers.yaml --now 2026-11-22T00:00:00Z \
  --format junit --output "$work/demo.xml" --report json="$work/demo.json" || rendered $?
/usr/bin/python3 "$here/../sarif/make_hostile.py" "$work/demo.json" "$work/hostile.json"
"$golive" report --from "$work/hostile.json" --format junit --output "$work/hostile.xml" ||
  rendered $?
xmllint --noout --schema "$here/junit.xsd" "$work/demo.xml" "$work/hostile.xml"
# The demo's shape: six suites, its blockers as failures, its unknowns as errors.
grep -c "<testsuite " "$work/demo.xml" | grep -qx 6 || { echo "FAIL: not six testsuites"; exit 1; }
grep -q 'classname="resilience.k8s.odoo-web-min-replicas" name="odoo/odoo-web"' "$work/demo.xml" ||
  { echo "FAIL: demo blocker missing"; exit 1; }
if grep -q "<script\|<img" "$work/hostile.xml"; then echo "FAIL: markup leaked"; exit 1; fi
