#!/usr/bin/env bash
# Quick start 2: install what is missing, build everything, run the whole
# test suite. The output ends with ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --build --test
scripts/build.sh -DGOLIVE_BUILD_TESTS=ON -DGOLIVE_BUILD_BENCH=ON
echo "CEL conformance (cel-spec simple suite):"
build/tests/cel_conformance tests/data/cel-spec/simple-tests.json | tail -n 1 ||
  echo "(cel_conformance failed: ctest below reports it)"
cd build
ctest --output-on-failure -j"$(nproc 2>/dev/null || echo 2)" --timeout 600
