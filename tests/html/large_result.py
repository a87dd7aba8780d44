#!/usr/bin/env python3
"""large_result.py RESULT.json N OUT.json

Writes a result with N findings made from RESULT's findings that carry
evidence, none passing (fail, unknown, waived, error), each on its own
resource: the largest HTML report a result of that size can give."""
import json
import sys

src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
result = json.load(open(src))
templates = [f for f in result["findings"] if f.get("evidence")]
statuses = ["fail", "fail", "fail", "unknown", "waived", "error"]
findings, blockers, conditions = [], [], []
for i in range(n):
    f = dict(templates[i % len(templates)])
    f["resource"] = f"namespace-{i % 40}/deployment-with-a-long-name-{i}"
    f["status"] = statuses[i % 6]
    f["message"] = f"{f['resource']}: {f['message']}"
    for key in ("missing", "reason", "error", "waived_status", "waiver"):
        f.pop(key, None)
    if f["status"] == "unknown":
        f["missing"] = ["self.spec.template.spec.containers"]
        f["reason"] = "missing facts: self.spec.template.spec.containers"
    if f["status"] == "error":
        f["error"] = "no such key: 'limits'"
    if f["status"] == "waived":
        f["waived_status"] = "fail"
        f["waiver"] = 0
    c = {k: f[k] for k in ("rule_id", "resource", "title", "message", "severity", "status")}
    if f["status"] == "fail" and f["severity"] == "blocking":
        blockers.append(c)
    if f["status"] == "fail" and f["severity"] == "high":
        conditions.append(c)
    findings.append(f)
result.update(findings=findings, blockers=blockers, conditions=conditions)
json.dump(result, open(out, "w"), indent=2, sort_keys=True)
