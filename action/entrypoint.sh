#!/bin/bash
# The GitHub Action's entrypoint (action.yml; in the image as
# /usr/local/bin/golive-action): turns the action's inputs into one golive
# run, writes the outputs decision, exit-code and sarif, and exits with
# golive's exit code: 0 GO or CONDITIONAL GO, 1 NO-GO, 2 invalid input
# (nothing evaluated), 3 NO-GO only because checks could not be verified.
#
# GitHub passes input NAME as the environment variable INPUT_NAME (upper
# case, dashes kept: INPUT_FAIL-ON), which is no shell variable name, so
# inputs are read with printenv. The list inputs (rules, manifests) take one
# path a line. Arguments are passed to golive as array elements, never
# through eval.
set -euo pipefail

# TEXT without the blanks around it.
trim() {
  local text=${1#"${1%%[![:space:]]*}"}
  printf '%s' "${text%"${text##*[![:space:]]}"}"
}

# An input's value, without surrounding blanks or carriage returns.
input() {
  local value
  value=$(printenv "INPUT_$1" || true)
  trim "${value//$'\r'/}"
}

output() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
  fi
}

fail_input() {
  echo "::error title=golive action::$1"
  output decision ""
  output exit-code 2
  output sarif ""
  exit 2
}

# Appends "OPTION LINE" to args for each non-blank line of a list input.
args=()
add_each() {
  local option=$1 line
  while IFS= read -r line; do
    line=$(trim "$line")
    if [ -n "$line" ]; then args+=("$option" "$line"); fi
  done <<<"$2"
}

snapshot=$(input SNAPSHOT)
config=$(input CONFIG)
manifests=$(input MANIFESTS)
rules=$(input RULES)
waivers=$(input WAIVERS)
profile=$(input PROFILE)
fail_on=$(input FAIL-ON)
sarif=$(input SARIF)
junit=$(input JUNIT)
markdown=$(input MARKDOWN)
html=$(input HTML)
json=$(input JSON)

# Evaluate a saved snapshot, or audit: collect from the configuration's
# sources and/or offline Kubernetes manifests, then evaluate.
if [ -n "$snapshot" ]; then
  if [ -n "$config" ] || [ -n "$manifests" ]; then
    fail_input "give either snapshot, or config and/or manifests, not both"
  fi
  args=(evaluate --snapshot "$snapshot")
elif [ -n "$config" ] || [ -n "$manifests" ]; then
  args=(audit)
  if [ -n "$config" ]; then args+=(--config "$config"); fi
  add_each --manifests "$manifests"
else
  fail_input "nothing to check: set snapshot, config or manifests"
fi
add_each --rules "$rules"
if [ -n "$waivers" ]; then args+=(--waivers "$waivers"); fi
if [ -n "$profile" ]; then args+=(--profile "$profile"); fi
if [ -n "$fail_on" ]; then args+=(--fail-on "$fail_on"); fi

# The decision is read from the JSON result, which is always written: at the
# json input's path, else in a temporary file.
result=$json
if [ -z "$result" ]; then
  result=$(mktemp "${TMPDIR:-/tmp}/golive-result.XXXXXX")
  trap 'rm -f "$result"' EXIT
fi
# Each report requested, its folder made first (e.g. reports/golive.sarif).
add_report() {
  if [ -n "$2" ]; then
    mkdir -p -- "$(dirname -- "$2")"
    args+=(--report "$1=$2")
  fi
}
add_report json "$result"
add_report sarif "$sarif"
add_report junit "$junit"
add_report markdown "$markdown"
add_report html "$html"

printf "golive"; printf " %q" "${args[@]}"; echo
# The terminal report goes to the log.
status=0
golive "${args[@]}" || status=$?

# The result's top-level "decision" (keys sorted, two-space indent): GO,
# CONDITIONAL_GO or NO_GO. Nothing is evaluated on exit 2: no decision.
decision=""
if [ "$status" -ne 2 ] && [ -s "$result" ]; then
  decision=$(sed -n 's/^  "decision": "\([A-Z_]*\)".*/\1/p' "$result" | head -n 1)
fi
output decision "$decision"
output exit-code "$status"
if [ "$status" -ne 2 ] && [ -n "$sarif" ] && [ -s "$sarif" ]; then
  output sarif "$sarif"
else
  output sarif ""
fi

case "$status" in
  0) echo "golive: ${decision:-GO} (exit 0)" ;;
  1) echo "::error title=golive::NO-GO: blocking findings, or findings at or above fail-on (exit 1)" ;;
  2) echo "::error title=golive::invalid input, nothing was evaluated (exit 2; see the messages above)" ;;
  3) echo "::error title=golive::NO-GO (inconclusive): blocking checks could not be verified (exit 3)" ;;
  *) echo "::error title=golive::golive failed unexpectedly (exit $status)" ;;
esac
exit "$status"
