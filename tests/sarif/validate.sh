#!/usr/bin/env bash
# validate.sh CACHE_DIR SARIF...
#
# Validates SARIF logs the way GitHub code scanning will judge them:
#  1. @microsoft/sarif-multitool (npm registry; installed once into CACHE_DIR)
#     `validate --rule-kind Gh`: any error or warning fails;
#  2. the SARIF 2.1.0 JSON Schema shipped in that package (sarif-2.1.0.json),
#     with Debian's python3-jsonschema: any violation fails.
# Nothing is downloaded except the npm package (pinned below).
set -euo pipefail
cache=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
version=5.7.0

mkdir -p "$cache"
# One install even when ctest runs tests in parallel.
exec 9>"$cache/.lock"
flock 9
if [ ! -f "$cache/node_modules/@microsoft/sarif-multitool/package.json" ] ||
   ! grep -q "\"version\": \"$version\"" "$cache/node_modules/@microsoft/sarif-multitool/package.json"; then
  if ! command -v npm >/dev/null; then
    echo "FAIL: npm is not installed (scripts/install-deps.sh installs nodejs and npm)" >&2
    exit 1
  fi
  echo "installing @microsoft/sarif-multitool@$version into $cache" >&2
  if ! npm install --prefix "$cache" --no-audit --no-fund --no-save --loglevel=error \
       "@microsoft/sarif-multitool@$version" >&2; then
    echo "FAIL: could not install @microsoft/sarif-multitool@$version from the npm registry" >&2
    exit 1
  fi
fi
flock -u 9

# The platform package holds the real (self-contained .NET) executable; the
# npm bin wrapper goes through a shell, which would split ';' in arguments.
tool=$(cd "$cache" && node -p "require('@microsoft/sarif-multitool-' + process.platform)")
[ -x "$tool" ] || chmod u+x "$tool"
schema=$(dirname "$tool")/sarif-2.1.0.json
[ -f "$schema" ] || { echo "FAIL: $schema not found in the npm package" >&2; exit 1; }

export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
export DOTNET_BUNDLE_EXTRACT_BASE_DIR=$cache/dotnet-bundle
export DOTNET_CLI_TELEMETRY_OPTOUT=1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
for sarif in "$@"; do
  log=$work/$(basename "$sarif").validation.sarif
  # --rule-kind takes a list: the file must come before it, or it is eaten.
  "$tool" validate "$sarif" --rule-kind Gh --level "Error;Warning;Note" \
      --output "$log" --log ForceOverwrite >"$work/console.txt" 2>&1 || {
    cat "$work/console.txt"
    echo "FAIL: sarif-multitool validate exited $? on $sarif"
    failed=1
    continue
  }
  if ! /usr/bin/python3 "$here/check_validation.py" "$sarif" "$log" "$schema"; then
    cat "$work/console.txt"
    failed=1
  fi
done
exit $failed
