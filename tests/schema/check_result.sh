#!/usr/bin/env bash
# check_result.sh GOLIVE SCHEMA SNAPSHOT [golive evaluate args...]
# Evaluates SNAPSHOT to a JSON result and validates it against SCHEMA.
set -euo pipefail
golive=$1 schema=$2 snapshot=$3
shift 3
out=$(mktemp --suffix=.json)
trap 'rm -f "$out"' EXIT
"$golive" evaluate --snapshot "$snapshot" --format json --output "$out" "$@" || [ $? -le 3 ]
exec /usr/bin/python3 "$(dirname "$0")/validate.py" result "$schema" "$out"
