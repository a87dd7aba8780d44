#!/usr/bin/python3
"""The correct reference platform stays correct: its live audit
(scripts/live_demo.py --example retail-reference) is GO, exit 0, with no
blocking or high failure, nothing unverified, and every failure covered by a
row of the trade-off table in examples/retail-reference/README.md.

    check_reference.py GOLIVE SOURCE_DIR OUT_DIR

A rule change that raises a false alarm on the reference fails here.
"""
import fnmatch
import json
import os
import re
import subprocess
import sys


def trade_offs(readme):
    """[(rule ids, resource globs, severity, row id)] from the README's table."""
    rows = []
    in_table = False
    for line in open(readme, encoding="utf-8"):
        if line.startswith("## Deliberate trade-offs"):
            in_table = True
        elif line.startswith("## ") and in_table:
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if in_table and len(cells) >= 5 and re.fullmatch(r"T\d+", cells[0]):
            rules = re.findall(r"`([^`]+)`", cells[1])
            globs = re.findall(r"`([^`]+)`", cells[2])
            rows.append((rules, globs, cells[3], cells[0]))
    return rows


def covering(finding, rows):
    for rules, globs, severity, row in rows:
        if (finding["rule_id"] in rules and finding["severity"] == severity and
                any(fnmatch.fnmatchcase(finding["resource"], g) for g in globs)):
            return row
    return None


def main():
    golive, source, out = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(out, exist_ok=True)
    report = os.path.join(out, "retail-reference.json")
    if os.path.exists(report):
        os.remove(report)
    run = subprocess.run([sys.executable, os.path.join(source, "scripts", "live_demo.py"),
                          golive, out, "--example", "retail-reference"],
                         capture_output=True, text=True)
    print(run.stdout[-4000:])
    problems = []
    if run.returncode != 0:
        problems.append(f"exit code {run.returncode}, expected 0 (GO): {run.stderr[-2000:]}")
    result = json.load(open(report))
    if result["decision"] != "GO":
        problems.append(f"decision {result['decision']}: {result.get('headline')}")
    # Every collector reads everything, except what Azure never lets a
    # monitoring role read: pg_hba.conf (postgres partial).
    for name, collector in result["collectors"].items():
        if collector.get("status") != "ok" and name != "postgres":
            problems.append(f"collector {name} is {collector.get('status')}, expected ok")
    rows = trade_offs(os.path.join(source, "examples", "retail-reference", "README.md"))
    if len(rows) < 5:
        problems.append(f"only {len(rows)} trade-off rows read from the README")
    used = set()
    for f in result["findings"]:
        if f["status"] in ("unknown", "error"):
            problems.append(f"{f['severity']} {f['rule_id']} on {f['resource']} is {f['status']}: "
                            f"{f.get('missing') or f.get('error')}")
        if f["status"] != "fail":
            continue
        if f["severity"] in ("blocking", "high"):
            problems.append(f"{f['severity']} failure {f['rule_id']} on {f['resource']}: {f['message']}")
            continue
        row = covering(f, rows)
        if row:
            used.add(row)
        else:
            problems.append(f"{f['severity']} failure not justified in the README: {f['rule_id']} "
                            f"on {f['resource']}: {f['message']}")
    unused = sorted({r for *_, r in rows} - used)
    if unused:
        problems.append(f"trade-off rows that no failure needs any more (remove them): {unused}")
    for p in problems:
        print("FAIL:", p)
    print(f"reference: {result['decision']} score {result['score']}, "
          f"{sum(f['status'] == 'fail' for f in result['findings'])} failures, all justified"
          if not problems else f"reference: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
