#!/usr/bin/env bash
# The repository is complete by itself: no tracked file may read a path
# outside it (the shared/ folder our machines have beside the checkout, an
# environment variable pointing there, or one of our machines' own paths).
#   self_contained.sh SOURCE_DIR
# Exit 0 when clean; 1 listing file:line of every reference found.
set -euo pipefail
source_dir=$1
cd "$source_dir"
this=tests/repo/self_contained.sh
# A reference to ../shared (or deeper), the variables and helper that used to
# point there, our workspace's absolute path, or a CMake path above the source.
pattern='(\.\./)+shared\b|GOLIVE_SHARED_DIR|shared_dir\(|/work/(main|shared)|(PROJECT_SOURCE_DIR|CMAKE_SOURCE_DIR|CMAKE_CURRENT_SOURCE_DIR)\}?/\.\.'

if [ -d .git ] && command -v git >/dev/null; then
  mapfile -d '' files < <(git ls-files -z --cached --others --exclude-standard)
else
  mapfile -d '' files < <(find . -path ./build -prune -o -path ./out -prune -o -path ./.git -prune \
                            -o -type f -print0 | sed -z 's|^\./||')
fi
found=0
if printf '%s\0' "${files[@]}" | grep -zvxF "$this" |
  xargs -0 -r grep -HInE --no-messages -- "$pattern"; then
  found=1
fi
if [ "$found" -ne 0 ]; then
  echo "self_contained: the files above read a path outside the repository;" \
       "copy what they need under tests/data/ (with its licence and provenance)" >&2
  exit 1
fi
echo "self_contained: ${#files[@]} files, none reads outside the repository"
