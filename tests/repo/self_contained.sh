#!/usr/bin/env bash
# The repository is complete by itself: no file may read a path outside it
# (the conformance folder our machines keep beside the checkout, the variable
# and helper that pointed there, our workspace's absolute paths, or a CMake
# path above the source tree).
#   self_contained.sh SOURCE_DIR
# Exit 0 when clean; 1 listing file:line of every reference found.
set -euo pipefail
# shellcheck source=tests/lib/checks.sh
source "$(dirname "$0")/../lib/checks.sh"
source_dir=$1

# Spelt in pieces, so that this file does not match itself.
up='\.\./'
folder=shared
pattern="(${up})+${folder}\\b|GOLIVE_${folder^^}_DIR|${folder}_dir\\(|/work/(main|${folder})"
pattern+='|(PROJECT_SOURCE_DIR|CMAKE_SOURCE_DIR|CMAKE_CURRENT_SOURCE_DIR)\}?/\.\.'

mapfile -d '' files < <(source_files "$source_dir")
if (cd "$source_dir" && printf '%s\0' "${files[@]}" |
      xargs -0 -r grep -HInE --no-messages -- "$pattern"); then
  echo "self_contained: the files above read a path outside the repository;" \
       "copy what they need under tests/data/ (with its licence and provenance)" >&2
  exit 1
fi
echo "self_contained: ${#files[@]} files, none reads outside the repository"
