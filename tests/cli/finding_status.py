#!/usr/bin/python3
"""Checks the statuses of findings in a golive JSON result read from stdin.

    golive audit ... --format json | finding_status.py RULE_ID=STATUS...

Each RULE_ID must have exactly one finding, with that status; otherwise it
prints what it found and exits 1.
"""
import json
import sys


def main():
    result = json.load(sys.stdin)
    problems = []
    for expectation in sys.argv[1:]:
        rule_id, status = expectation.split("=", 1)
        found = [f for f in result["findings"] if f["rule_id"] == rule_id]
        statuses = [f"{f['status']} ({f['message']})" for f in found]
        if len(found) != 1 or found[0]["status"] != status:
            problems.append(f"{rule_id}: expected {status}, found {statuses or 'no finding'}")
    for problem in problems:
        print(problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
