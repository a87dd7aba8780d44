#!/usr/bin/python3
"""check_validation.py SARIF MULTITOOL_LOG SCHEMA

Summarises what `sarif-multitool validate --rule-kind Gh` found in SARIF
(MULTITOOL_LOG is its --output) and validates SARIF against the SARIF 2.1.0
JSON Schema (Debian's python3-jsonschema; the draft the schema declares).
Exits 1 on any multitool error or warning, any tool notification of level
error, or any schema violation.
"""
import collections
import json
import pathlib
import sys

import jsonschema


def main():
    sarif_path, log_path, schema_path = sys.argv[1:]
    log = json.loads(pathlib.Path(log_path).read_text(encoding="utf-8-sig"))
    levels = collections.Counter()
    problems = []
    for run in log.get("runs", []):
        for result in run.get("results", []):
            level = result.get("level", "warning")
            levels[level] += 1
            if level in ("error", "warning"):
                text = result.get("message", {}).get("text") or json.dumps(result.get("message"))
                problems.append(f"{level} {result.get('ruleId')}: {text}")
        for invocation in run.get("invocations", []):
            for key in ("toolExecutionNotifications", "toolConfigurationNotifications"):
                for n in invocation.get(key, []):
                    if n.get("level") == "error":
                        problems.append(f"tool {key}: {n.get('message', {}).get('text')}")
    print(f"{sarif_path}: sarif-multitool validate --rule-kind Gh: "
          f"{levels['error']} error(s), {levels['warning']} warning(s), {levels['note']} note(s)")

    schema = json.loads(pathlib.Path(schema_path).read_text(encoding="utf-8-sig"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    document = json.loads(pathlib.Path(sarif_path).read_text(encoding="utf-8"))
    errors = list(validator_class(schema).iter_errors(document))
    for e in errors:
        where = "/".join(str(x) for x in e.absolute_path)
        problems.append(f"schema: {where}: {e.message}")
    print(f"{sarif_path}: SARIF 2.1.0 JSON Schema ({schema.get('$schema')}, "
          f"{validator_class.__name__}): {len(errors)} error(s)")
    runs = document.get("runs", [])
    if not runs or not runs[0].get("results"):
        problems.append("no results: nothing was validated")
    for p in problems:
        print("FAIL: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
