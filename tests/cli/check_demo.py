#!/usr/bin/python3
"""End-to-end: the retail demo evaluates to NO-GO (exit 1), its JSON result
follows the contract, each planted gap (examples/retail-demo/README.md) is
found at its intended severity, and its blockers are exactly the planted
blocking gaps.

    check_demo.py GOLIVE SOURCE_DIR
"""
import hashlib
import json
import subprocess
import sys

# (rule, resource) -> (severity, status) of each gap planted in the demo.
PLANTED = {
    ("resilience.azure.postgres-geo-redundant-backup", "psql-retail-prod"): ("blocking", "fail"),
    ("resilience.k8s.odoo-web-min-replicas", "odoo/odoo-web"): ("blocking", "fail"),
    ("resilience.declared.dr-drill-recent", "declared.dr_drill"): ("high", "fail"),
    ("security.azure.keyvault-purge-protection", "kv-retail-prod"): ("high", "fail"),
    ("security.azure.aks-local-accounts-disabled", "aks-retail-prod"): ("high", "fail"),
    ("scalability.odoo.connection-budget", "odoo.conf"): ("high", "fail"),
    ("resilience.declared.dr-drill-met-objectives", "declared.dr_drill"): ("high", "fail"),
    ("security.k8s.default-deny-network-policy", "k8s/networkpolicies"): ("medium", "fail"),
    ("resilience.azure.storage-redundancy", "stretailprodbackup"): ("medium", "fail"),
    ("operations.azure.storage-diagnostics", "stretailprodbackup"): ("medium", "fail"),
    ("resilience.azure.postgres-backup-vault", "psql-retail-prod"): ("medium", "fail"),
    ("resilience.traefik.timeouts-cover-odoo", "websecure"): ("medium", "fail"),
    ("scalability.k8s.memory-limits", "traefik/traefik"): ("medium", "fail"),
    ("operations.azure.postgres-maintenance-window", "psql-retail-prod"): ("low", "waived"),
}
PLANTED_BLOCKERS = {gap for gap, (severity, _) in PLANTED.items() if severity == "blocking"}
# Findings only a join of several systems can give (Odoo x PostgreSQL x
# Kubernetes, Odoo x Traefik), planted in the demo.
CROSS_LAYER_FAILURES = {
    ("scalability.odoo.connection-budget", "odoo.conf"),
    ("resilience.traefik.timeouts-cover-odoo", "websecure"),
}
DOMAINS = {"architecture", "scalability", "security", "resilience", "operations", "devops"}
FINDING_KEYS = {"rule_id", "title", "domain", "severity", "status", "resource", "message", "evidence"}


def main():
    golive, source = sys.argv[1], sys.argv[2]
    demo = f"{source}/examples/retail-demo"
    run = subprocess.run(
        [golive, "evaluate", "--snapshot", f"{demo}/snapshot.json", "--waivers", f"{demo}/waivers.yaml",
         "--now", "2026-11-22T00:00:00Z", "--format", "json"],
        capture_output=True, text=True)
    problems = []
    if run.returncode != 1:
        problems.append(f"exit code {run.returncode}, expected 1 (NO-GO): {run.stderr}")
    result = json.loads(run.stdout)
    if result.get("golive_result") != 1:
        problems.append("golive_result is not 1")
    if result.get("decision") != "NO_GO" or result.get("inconclusive") is not False:
        problems.append(f"decision {result.get('decision')}, inconclusive {result.get('inconclusive')}")
    if set(result["domains"]) != DOMAINS:
        problems.append(f"domains {sorted(result['domains'])}")
    for finding in result["findings"]:
        if not FINDING_KEYS <= set(finding):
            problems.append(f"finding lacks {FINDING_KEYS - set(finding)}: {finding}")
            break
    found = {(f["rule_id"], f["resource"]): (f["severity"], f["status"]) for f in result["findings"]}
    for gap, expected in sorted(PLANTED.items()):
        if found.get(gap) != expected:
            problems.append(f"planted gap {gap}: found {found.get(gap)}, expected {expected}")
    blockers = {(b["rule_id"], b["resource"]) for b in result["blockers"]}
    if blockers != PLANTED_BLOCKERS:
        problems.append(f"blockers {sorted(blockers)}\n  expected {sorted(PLANTED_BLOCKERS)}")
    states = sorted(w["status"] for w in result["waivers"])
    if "active" not in states or "expired" not in states:
        problems.append(f"waiver states {states}: expected an active and an expired waiver")
    # The partial collectors' gaps (pg_hba.conf unreadable, CONFIG disabled on
    # Azure Cache for Redis) are filled by what ARM says of the same servers.
    for rule_id, resource, source in (
            ("security.postgres.hba-strong-auth", "odoo-db", "Azure Database for PostgreSQL"),
            ("resilience.redis.persistence-fits-role", "odoo-cache", "redisConfiguration of redis-retail-prod"),
            ("security.redis.tls-only", "odoo-cache", "Azure property of redis-retail-prod")):
        linked = [f for f in result["findings"] if f["rule_id"] == rule_id and f["resource"] == resource]
        if not linked or linked[0]["status"] != "pass" or source not in linked[0]["message"]:
            problems.append(f"{rule_id} on {resource} is not judged from the linked Azure resource: "
                            f"{linked[0]['status'] + ': ' + linked[0]['message'] if linked else 'absent'}")
    snapshot_sha = hashlib.sha256(open(f"{demo}/snapshot.json", "rb").read()).hexdigest()
    if result["provenance"]["snapshot_sha256"] != snapshot_sha:
        problems.append(f"provenance.snapshot_sha256 {result['provenance']['snapshot_sha256']} != {snapshot_sha}")
    for rule_id, rule in result["rules"].items():
        if rule["file"] != f"rules/{rule['domain']}/{rule_id}.yaml" or rule["line"] != 1:
            problems.append(f"rule {rule_id} located at {rule['file']}:{rule['line']}")
            break
    keys = list(result)
    if keys != sorted(keys):
        problems.append("result keys are not sorted")
    failed = {(f["rule_id"], f["resource"]) for f in result["findings"] if f["status"] == "fail"}
    if not CROSS_LAYER_FAILURES <= failed:
        problems.append(f"cross-layer failures missing: {sorted(CROSS_LAYER_FAILURES - failed)}")
    cross_layer = {f["rule_id"] for f in result["findings"]
                   if "cross-layer" in result["rules"][f["rule_id"]].get("tags", [])}
    if len(cross_layer) < 10:
        problems.append(f"only {len(cross_layer)} cross-layer rules evaluated: {sorted(cross_layer)}")
    # The same input gives the same bytes (no timestamps, stable ordering).
    again = subprocess.run(run.args, capture_output=True, text=True)
    if again.stdout != run.stdout:
        problems.append("two runs gave different JSON")
    for p in problems:
        print("FAIL:", p)
    print(f"demo: {result['decision']} score {result['score']}, {len(result['findings'])} findings, "
          f"blockers {sorted(r for r, _ in blockers)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
