#!/usr/bin/env bash
# check_manifests.sh GOLIVE SOURCE_DIR CACHE_DIR
# A manifests audit as GitHub code scanning receives it: run from the
# repository root (as the action does), its SARIF must pass validate.sh
# (sarif-multitool --rule-kind Gh + JSON Schema), and every result must sit
# at a manifest of the input, by a path relative to the repository root that
# names a file there, at a line inside it.
set -euo pipefail
golive=$1 src=$2 cache=$3
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$src"
status=0
"$golive" audit --manifests tests/fixtures/k8s/one-defect --manifests tests/data/polaris/test/checks \
  --format sarif --output "$work/manifests.sarif" >/dev/null 2>&1 || status=$?
if [ "$status" != 1 ]; then
  echo "FAIL: golive exited $status, expected 1 (NO-GO)"
  exit 1
fi
"$here/validate.sh" "$cache" "$work/manifests.sarif"
/usr/bin/python3 - "$work/manifests.sarif" <<'PY'
import json, pathlib, sys
results = json.loads(pathlib.Path(sys.argv[1]).read_text())["runs"][0]["results"]
problems = []
for r in results:
    loc = r["locations"][0]["physicalLocation"]
    uri, line = loc["artifactLocation"]["uri"], loc["region"]["startLine"]
    path = pathlib.Path(uri)
    ok = (loc["artifactLocation"].get("uriBaseId") == "%SRCROOT%" and not path.is_absolute()
          and uri.startswith(("tests/fixtures/k8s/one-defect/", "tests/data/polaris/test/checks/"))
          and path.is_file() and 1 <= line <= len(path.read_text().splitlines()))
    if not ok:
        problems.append(f"{r['ruleId']}: {uri}:{line}")
print(f"{len(results)} results, {len(problems)} not at a manifest line")
for p in problems[:20]:
    print("FAIL:", p)
one = [r for r in results if r["ruleId"] == "security.k8s.no-secret-literals-in-env"
       and "one-defect" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]]
if len(one) != 1 or one[0]["locations"][0]["physicalLocation"]["region"]["startLine"] != 12:
    problems.append("the one defect is not reported at one-defect/app.yaml:12")
    print("FAIL:", problems[-1])
sys.exit(1 if problems else 0)
PY
