#!/usr/bin/env bash
# The .deb works on its own: CPack builds it from BUILD_DIR, dpkg -x unpacks
# it into an empty temporary root, and the installed golive is run from
# there. Checks the package's metadata (runtime libraries only, no -dev or
# test tool), a stripped binary, `golive version` (version, commit, build
# date, catalogue hash), an audit of the demo snapshot shipped in the
# package's examples, the man page and the JSON Schemas.
#   check_deb.sh BUILD_DIR
set -euo pipefail
# shellcheck source=tests/lib/checks.sh
source "$(dirname "$0")/../lib/checks.sh"
build_dir=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT


(cd "$work" && cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$work/pkg" >"$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log"; echo "FAIL cpack -G DEB"; exit 1; }
deb=$(find "$work/pkg" -maxdepth 1 -name 'golive_*.deb' | head -n 1)
[ -n "$deb" ] || { cat "$work/cpack.log"; echo "FAIL no golive_*.deb in $work/pkg"; exit 1; }
echo "package: $(basename "$deb"), $(du -h "$deb" | cut -f1)"

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
check "package name is golive" test "$(dpkg-deb -f "$deb" Package)" = golive
check "Depends names runtime libraries (libpqxx, hiredis, yaml-cpp, curl, re2, fmt, ssl)" \
  bash -c "for lib in libpqxx libhiredis libyaml-cpp libcurl libre2 libfmt libssl; do
             grep -q \"\$lib\" <<<'$depends' || { echo \"missing \$lib\"; exit 1; }; done"
check "Depends has no -dev package nor test tool" \
  bash -c "! grep -Eq -- '-dev\b|catch2|postgresql|redis-server|chromium|python3|cmake' <<<'$depends'"

root=$work/root
dpkg -x "$deb" "$root"
golive=$root/usr/bin/golive
check "the binary is installed as /usr/bin/golive" test -x "$golive"
check "the binary is stripped (no .debug_info, no symbol table)" \
  bash -c "! readelf -S '$golive' | grep -Eq '\.debug_info|\.symtab'"
echo "installed binary: $(stat -c %s "$golive") bytes"

"$golive" version >"$work/version" 2>&1 || true
cat "$work/version"
check "version names the version" grep -Eq '^golive [0-9]+\.[0-9]+\.[0-9]+$' "$work/version"
check "version names the commit" grep -Eq '^commit: ([0-9a-f]{40}(-dirty)?|unknown)$' "$work/version"
check "version names the build date" grep -Eq '^built: [0-9]{4}-[0-9]{2}-[0-9]{2}$' "$work/version"
check "version names the catalogue's hash" \
  grep -Eq '^rule catalogue: [0-9]+ built-in rules, sha256 [0-9a-f]{64}$' "$work/version"

demo=$root/usr/share/doc/golive/examples/retail-demo
set +e
"$golive" evaluate --snapshot "$demo/snapshot.json" --waivers "$demo/waivers.yaml" \
  --now 2026-11-22T00:00:00Z --format json --output "$work/result.json"
code=$?
set -e
check "the installed golive audits the demo snapshot: NO-GO, exit 1" test "$code" -eq 1
check "the result is NO_GO" grep -q '"decision": "NO_GO"' "$work/result.json"
catalogue=$(sed -n 's/^rule catalogue: .* sha256 //p' "$work/version")
check "the result's rule_pack_sha256 is the catalogue hash of golive version" \
  grep -q "\"rule_pack_sha256\": \"$catalogue\"" "$work/result.json"

man_page=$root/usr/share/man/man1/golive.1.gz
check "the man page is installed" test -s "$man_page"
check "the man page documents every command" bash -c "for c in audit collect evaluate report diff init version 'rules test'; do
    zcat '$man_page' | grep -q \"^\\.SS golive \$c\$\" || { echo \"no section for \$c\"; exit 1; }; done"
check "the man page lists audit's exit codes" bash -c "zcat '$man_page' | grep -q 'Exit codes: 0 GO'"
check "man renders the page" bash -c "MANWIDTH=80 man -l '$man_page' 2>/dev/null | grep -q 'golive audit'"
for schema in rule result; do
  check "the $schema JSON Schema is installed" \
    python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$root/usr/share/golive/schemas/$schema.schema.json"
done
check "README and LICENSE are installed" test -s "$root/usr/share/doc/golive/README.md" -a -s "$root/usr/share/doc/golive/LICENSE"

checks_done check_deb
