#!/usr/bin/env bash
# Installs golive's dependencies from Debian's packages, only those that are
# missing. Safe to run repeatedly; needs root (or sudo).
#
#   scripts/install-deps.sh [--build] [--test] [--demo] [--print]
#
#   --build  compile golive and package it (CPack DEB)
#   --test   run the test suite (add --build to compile it too)
#   --demo   run scripts/demo.sh (add --build to compile golive too)
#   --print  print the selected groups' packages (one line) and exit
#
# No group flag selects all three. Callers: scripts/test.sh (--build --test),
# scripts/demo.sh (--build --demo), the Dockerfile's build stage (--build).
set -euo pipefail

usage() {
  echo "usage: $0 [--build] [--test] [--demo] [--print]" >&2
  exit 2
}

build=0 test=0 demo=0 print=0
for arg in "$@"; do
  case "$arg" in
    --build) build=1 ;;
    --test) test=1 ;;
    --demo) demo=1 ;;
    --print) print=1 ;;
    *) usage ;;
  esac
done
if ((build + test + demo == 0)); then build=1 test=1 demo=1; fi

packages=()
if ((build)); then
  packages+=(
    build-essential cmake pkg-config
    libcli11-dev libyaml-cpp-dev nlohmann-json3-dev libfmt-dev libre2-dev
    libpqxx-dev libhiredis-dev libcurl4-openssl-dev libssl-dev libkainjow-mustache-dev
    # CPack's DEB generator computes the package's runtime dependencies with
    # dpkg-shlibdeps (dpkg-dev), which runs file on the binaries.
    dpkg-dev file
  )
fi
if ((test)); then
  packages+=(
    catch2 libbenchmark-dev
    python3 python3-jsonschema python3-yaml
    libxml2-utils openssl man-db
    chromium poppler-utils fonts-dejavu-core
    postgresql redis-server
  )
  # SARIF validation installs @microsoft/sarif-multitool with npm. A machine
  # whose Node.js already brings npm (e.g. NodeSource's nodejs) keeps it.
  if ! command -v npm >/dev/null 2>&1; then
    packages+=(nodejs npm)
  fi
  # The Kubernetes replay tests check the replay against a real kubectl. A
  # machine that has one (Google's Cloud SDK package, say) keeps it; otherwise
  # Debian's kubernetes-client provides it.
  if ! command -v kubectl >/dev/null 2>&1; then
    packages+=(kubernetes-client)
  fi
fi
if ((demo)); then
  # The demo starts a local PostgreSQL and Redis and makes its certificates
  # with the openssl command.
  packages+=(python3 openssl postgresql redis-server)
fi

# Each package once, in the order first given.
declare -A seen=()
unique=()
for p in "${packages[@]}"; do
  if [ -z "${seen[$p]:-}" ]; then
    seen[$p]=1
    unique+=("$p")
  fi
done

if ((print)); then
  echo "${unique[*]}"
  exit 0
fi

missing=()
for p in "${unique[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "Installing: ${missing[*]}" >&2
# Through env: sudo does not pass the caller's environment on.
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
