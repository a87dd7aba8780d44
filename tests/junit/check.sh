#!/usr/bin/env bash
# check.sh GOLIVE SOURCE_DIR
# Renders the retail demo, and the demo with hostile strings, as JUnit XML and
# validates both with `xmllint --noout --schema tests/junit/junit.xsd`.
set -euo pipefail
golive=$1 src=$2
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../sarif/demo_pair.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
render_demo_pair "$golive" "$src" junit "$work/demo.xml" "$work/hostile.xml" "$work"
xmllint --noout --schema "$here/junit.xsd" "$work/demo.xml" "$work/hostile.xml"
# The demo's shape: six suites, its blockers as failures, its unknowns as errors.
grep -c "<testsuite " "$work/demo.xml" | grep -qx 6 || { echo "FAIL: not six testsuites"; exit 1; }
grep -q 'classname="resilience.k8s.odoo-web-min-replicas" name="odoo/odoo-web"' "$work/demo.xml" ||
  { echo "FAIL: demo blocker missing"; exit 1; }
if grep -q "<script\|<img" "$work/hostile.xml"; then echo "FAIL: markup leaked"; exit 1; fi
