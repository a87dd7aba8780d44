"""Runs golive against servers started by the integration tests.

    audit = Audit(golive, workdir)
    result = audit.run(collectors_yaml, env={"PGPASS": "..."})
    result.status("security.postgres.clients-use-tls", resource="db")

    class AzureCase(CollectorRuns, unittest.TestCase):  # golive.yaml per test
        COLLECTOR, ENVIRONMENT, TIMEOUT = "azure", "azure-it", "30s"
    doc, entry, result = case.collect({"subscriptions": [...]})

The golive binary comes from $GOLIVE (set by tests/integration/*.cmake).
"""

import glob
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


class CollectorRuns:
    """golive runs against one collector's section, for a unittest.TestCase
    whose setUp makes a scratch directory `self.dir` (golive runs there) and
    an environment `self.env`. The case sets COLLECTOR (the section's key),
    ENVIRONMENT, TIMEOUT (the section's default timeout) and GOLIVE (the
    binary), and may override base_settings() (the section's usual keys)."""

    GOLIVE = None
    COLLECTOR = None
    REPORTS = ("json", "html", "sarif", "junit", "markdown")
    ENVIRONMENT = "integration"
    TIMEOUT = "30s"

    def base_settings(self):
        return {}

    def write_config(self, settings=None, name="golive.yaml", timeout=None):
        """golive.yaml with the section: base_settings() updated by `settings`
        (JSON values; None leaves a key out)."""
        settings = dict({"timeout": timeout or self.TIMEOUT, **self.base_settings()},
                        **(settings or {}))
        lines = [f"environment: {self.ENVIRONMENT}", "profile: production", "deadline: 90s",
                 "collectors:", f"  {self.COLLECTOR}:"]
        lines += [f"    {key}: {json.dumps(value)}" for key, value in settings.items()
                  if value is not None]
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        return path

    def golive(self, *args, timeout=120):
        """The finished process (result.elapsed: its seconds)."""
        started = time.monotonic()
        result = subprocess.run([self.GOLIVE or golive_binary(), *args], capture_output=True,
                                text=True, env=self.env, cwd=self.dir, timeout=timeout,
                                stdin=subprocess.DEVNULL)
        result.elapsed = time.monotonic() - started
        return result

    def collect(self, settings=None, timeout=None):
        """(snapshot, the collector's status entry, process result) of
        `golive collect`, which must exit 0."""
        config = self.write_config(settings, timeout=timeout)
        snapshot = os.path.join(self.dir, "snapshot.json")
        result = self.golive("collect", "--config", config, "--output", snapshot)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(snapshot) as f:
            doc = json.load(f)
        return doc, doc["collectors"][self.COLLECTOR], result


    def outputs(self, name, command, audit_args=()):
        """Every text one golive run (`collect` or `audit`, with every report
        and `audit_args`) produced: streams, snapshot, reports; by path."""
        out = os.path.join(self.dir, name)
        os.makedirs(out)
        config = self.write_config(name=f"{name}.yaml")
        if command == "collect":
            result = self.golive("collect", "--config", config, "--output", f"{out}/snapshot.json")
        else:
            reports = [a for f in self.REPORTS for a in ("--report", f"{f}={out}/report.{f}")]
            result = self.golive("audit", "--config", config, "--snapshot-output",
                                 f"{out}/snapshot.json", *reports, *audit_args)
        self.assertNotEqual(result.returncode, 2, result.stderr)
        texts = {f"{name} stdout": result.stdout, f"{name} stderr": result.stderr}
        for path in glob.glob(f"{out}/*"):
            with open(path, errors="replace") as f:
                texts[path] = f.read()
        return texts

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
