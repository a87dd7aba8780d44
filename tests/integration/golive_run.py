"""Runs golive against servers started by the integration tests.

    audit = Audit(golive, workdir)
    result = audit.run(collectors_yaml, env={"PGPASS": "..."})
    result.status("security.postgres.clients-use-tls", resource="db")

The golive binary comes from $GOLIVE (set by tests/integration/*.cmake).
"""

import json
import os
import subprocess
import sys
import textwrap
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SOURCE, "scripts"))


def golive_binary():
    path = os.environ.get("GOLIVE")
    if not path:
        raise RuntimeError("set GOLIVE to the golive binary (the ctest registration does)")
    return path


class Result:
    """One `golive audit --format json` run: exit code, outputs, findings."""

    def __init__(self, code, stdout, stderr, seconds, snapshot):
        self.code = code
        self.stdout = stdout
        self.stderr = stderr
        self.seconds = seconds
        self.snapshot = snapshot
        self.json = json.loads(stdout) if stdout.strip().startswith("{") else None

    def findings(self, rule_id):
        return [f for f in self.json["findings"] if f["rule_id"] == rule_id]

    def status(self, rule_id, resource=None):
        found = [f for f in self.findings(rule_id) if resource is None or f["resource"] == resource]
        if not found:
            return None
        statuses = {f["status"] for f in found}
        for status in ("fail", "error", "unknown", "pass", "skipped"):
            if status in statuses:
                return status
        return found[0]["status"]

    def collector(self, name):
        return self.snapshot["collectors"].get(name, {})


class Audit:
    def __init__(self, workdir, environment="integration"):
        self.workdir = workdir
        self.environment = environment
        self.count = 0

    def write_config(self, collectors_yaml, profile="production", deadline="60s"):
        self.count += 1
        path = os.path.join(self.workdir, f"golive-{self.count}.yaml")
        with open(path, "w") as f:
            f.write(f"environment: {self.environment}\nprofile: {profile}\n"
                    f"deadline: {deadline}\ncollectors:\n")
            f.write(textwrap.indent(textwrap.dedent(collectors_yaml).strip() + "\n", "  "))
        return path

    def run(self, collectors_yaml, env=None, args=(), profile="production"):
        config = self.write_config(collectors_yaml, profile)
        snapshot = config.replace(".yaml", "-snapshot.json")
        argv = [golive_binary(), "audit", "--config", config, "--format", "json",
                "--snapshot-output", snapshot, *args]
        started = time.monotonic()
        process = subprocess.run(argv, capture_output=True, text=True, timeout=300,
                                 env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL)
        seconds = time.monotonic() - started
        with open(snapshot) if os.path.exists(snapshot) else open(os.devnull) as f:
            text = f.read()
        return Result(process.returncode, process.stdout, process.stderr, seconds,
                      json.loads(text) if text else None)


def production_profile_pack(directory, **settings):
    """A rule pack holding only a profiles.yaml that replaces `production`
    with the built-in one plus `settings` (e.g. max_transaction_age='2s')."""
    import re
    with open(os.path.join(SOURCE, "rules", "profiles.yaml")) as f:
        text = f.read()
    production = text[text.index("  production:"):text.index("  staging:")]
    for key, value in settings.items():
        line = f"      {key}: {value}"
        pattern = re.compile(rf"^      {key}:.*$", re.M)
        production = pattern.sub(line, production) if pattern.search(production) \
            else production.replace("    settings:\n", f"    settings:\n{line}\n")
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "profiles.yaml"), "w") as f:
        f.write("profiles:\n" + production)
    return directory


def builtin_rule_ids(prefix):
    """Ids of the built-in rules applying to `prefix.*` (postgres, redis)."""
    ids = []
    for root, _, files in os.walk(os.path.join(SOURCE, "rules")):
        for name in files:
            if name == "profiles.yaml" or not name.endswith(".yaml"):
                continue
            with open(os.path.join(root, name)) as f:
                text = f.read()
            if f"\napplies_to: {prefix}.*\n" in text:
                ids.append(name[:-len(".yaml")])
    return sorted(ids)


def assert_every_rule_seen(test, prefix, seen, minimum):
    """Every built-in rule over `prefix.*` was seen passing and failing in
    the scenarios (`seen`: {"pass": ids, "fail": ids}) — so a new rule
    cannot ship without a real-server scenario for both outcomes."""
    rules = builtin_rule_ids(prefix)
    test.assertGreaterEqual(len(rules), minimum)
    for status in ("pass", "fail"):
        missing = sorted(set(rules) - seen[status])
        test.assertEqual(missing, [], f"rules never seen to {status} against a real server")
