#!/usr/bin/env bash
# Configures and builds golive in build/ (Release with debug info).
#   scripts/build.sh [CMAKE_CONFIGURE_OPTION...] [-- BUILD_OPTION...]
# e.g. scripts/build.sh -DGOLIVE_BUILD_TESTS=OFF -- --target golive
set -euo pipefail
cd "$(dirname "$0")/.."
configure=()
while (($#)) && [ "$1" != "--" ]; do
  configure+=("$1")
  shift
done
if (($#)); then shift; fi
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo "${configure[@]}" >/dev/null
cmake --build build -j"$jobs" "$@"
