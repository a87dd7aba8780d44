#!/usr/bin/env bash
# expect.sh EXIT_CODE [-e REGEX]... [-n REGEX]... -- COMMAND [ARGS...]
#
# Runs COMMAND and checks its exit code, that its combined output matches
# every -e Perl-compatible regex (grep -P), and matches no -n regex. Prints the output when a
# check fails.
set -u
expected=$1
shift
must=()
mustnot=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  case $1 in
    -e) must+=("$2"); shift 2 ;;
    -n) mustnot+=("$2"); shift 2 ;;
    *) echo "expect.sh: unknown option $1" >&2; exit 99 ;;
  esac
done
shift
output=$("$@" 2>&1)
code=$?
failed=0
if [ "$code" != "$expected" ]; then
  echo "FAIL: exit code $code, expected $expected"
  failed=1
fi
for re in "${must[@]+"${must[@]}"}"; do
  if ! grep -Pq -- "$re" <<<"$output"; then
    echo "FAIL: output does not match: $re"
    failed=1
  fi
done
for re in "${mustnot[@]+"${mustnot[@]}"}"; do
  if grep -Pq -- "$re" <<<"$output"; then
    echo "FAIL: output matches what it must not: $re"
    failed=1
  fi
done
if [ $failed -ne 0 ]; then
  echo "--- command: $*"
  echo "--- output:"
  echo "$output"
fi
exit $failed
