# shellcheck shell=bash
# Sourced by the shell tests (tests/repo, tests/package, tests/action):
# expectations counted one by one, and the files of a source tree.

failures=0

# check DESCRIPTION COMMAND...: runs COMMAND; "ok" or "FAIL" with the
# description, counting failures.
check() {
  local what=$1
  shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; failures=$((failures + 1)); fi
}

# checks_done NAME: exit 1 naming the count if any check failed.
checks_done() {
  if [ "$failures" -ne 0 ]; then
    echo "$1: $failures expectation(s) failed"
    exit 1
  fi
}

# source_files DIR: the source tree's files, relative to DIR and separated
# by NULs: what git tracks plus new files it does not ignore, or, without
# git, every file but build/, out/ and .git/.
source_files() {
  if [ -d "$1/.git" ] && command -v git >/dev/null; then
    git -C "$1" ls-files -z --cached --others --exclude-standard
  else
    (cd "$1" && find . -path ./build -prune -o -path ./out -prune -o -path ./.git -prune \
       -o -type f -print0 | sed -z 's|^\./||')
  fi
}
