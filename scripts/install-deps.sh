#!/usr/bin/env bash
# Installs golive's build and test dependencies from Debian's packages, only
# those that are missing. Safe to run repeatedly; needs root (or sudo).
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libcli11-dev libyaml-cpp-dev nlohmann-json3-dev libfmt-dev libre2-dev
  libpqxx-dev libhiredis-dev libcurl4-openssl-dev libssl-dev libkainjow-mustache-dev
  catch2 libbenchmark-dev
  python3-jsonschema python3-yaml
  libxml2-utils openssl
  chromium poppler-utils fonts-dejavu-core
  postgresql redis-server
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# SARIF validation installs @microsoft/sarif-multitool with npm. A machine
# whose Node.js already brings npm (e.g. NodeSource's nodejs) keeps it.
if ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi
# The Kubernetes replay tests check the replay against a real kubectl. A
# machine that has one (Google's Cloud SDK package, say) keeps it; otherwise
# Debian's kubernetes-client provides it.
if ! command -v kubectl >/dev/null 2>&1; then
  missing+=(kubernetes-client)
fi
if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "Installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
