#!/usr/bin/python3
"""The Redis collector against real redis-server processes on loopback.

    GOLIVE=build/golive GOLIVE_SOURCE_DIR=. python3 tests/integration/redis_collector_test.py [Class]

CollectTest   plain and TLS servers, password and ACL user: status ok and every
              fact of docs/facts.md's redis table in real output, typed; CONFIG
              hidden -> partial.
ReadOnlyTest  MONITOR and commandstats during an audit show only inspection
              commands.
FaultsTest    refused, silent, wrong password, untrusted certificate: the right
              status within the timeout, redis rules unknown, exit code 3 when a
              blocking redis rule is among them.
SecretsTest   the password appears in no output, report, snapshot or error; a
              literal password in the URL is refused (exit 2, file:line:column).

Servers come from scripts/localservers (they run as nobody when we are root).
"""

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

SOURCE_DIR = os.path.abspath(os.environ.get(
    "GOLIVE_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
GOLIVE = os.path.abspath(os.environ.get("GOLIVE", os.path.join(SOURCE_DIR, "build", "golive")))
# The rule catalogue the fault scenarios take their redis rules from.
RULES_DIR = os.path.abspath(os.environ.get("GOLIVE_RULES_DIR", os.path.join(SOURCE_DIR, "rules")))
sys.path.insert(0, os.path.join(SOURCE_DIR, "scripts"))

from localservers import common  # noqa: E402
from localservers.certs import make_ca  # noqa: E402
from localservers.common import listening_socket  # noqa: E402
from localservers.redis import RedisServer  # noqa: E402

PASSWORD = "Zq9-distinctive-PASSWORD-7731"  # planted: must never be printed
WRONG_PASSWORD = "Wr0ng-distinctive-PASSWORD-4417"
ACL_PASSWORD = "Acl-distinctive-PASSWORD-5521"
ACL_USER = f"golive on >{ACL_PASSWORD} ~* +ping +info +config|get"

# What the collector may send (MONITOR names; commandstats names in lower case).
INSPECTION = {"AUTH", "PING", "INFO", "CONFIG GET", "ROLE", "HELLO"}
FORBIDDEN = {"SET", "DEL", "UNLINK", "CONFIG SET", "CONFIG REWRITE", "CONFIG RESETSTAT",
             "FLUSHALL", "FLUSHDB", "SAVE", "BGSAVE", "BGREWRITEAOF", "SHUTDOWN",
             "CLIENT KILL", "DEBUG", "REPLICAOF", "SLAVEOF", "FAILOVER", "ACL SETUSER",
             "ACL DELUSER", "SCRIPT FLUSH", "FUNCTION FLUSH", "MODULE LOAD", "EVAL", "KEYS"}


def documented_redis_facts():
    """Keys of docs/facts.md's redis table, and the CONFIG parameters it lists."""
    with open(os.path.join(SOURCE_DIR, "docs", "facts.md")) as f:
        doc = f.read()
    section = doc[doc.index("## `redis.<name>`"):]
    section = section[:section.index("\n## ", 1)]
    keys, parameters = set(), set()
    for row in re.findall(r"^\| `([^`]+)` \|(.*)$", section, re.M):
        key = row[0].split(".")[0]
        keys.add(key)
        if key == "config":
            listed = row[1][row[1].index("that matter:"):row[1].index("**Never**")]
            parameters = set(re.findall(r"`([a-z-]+)`", listed))
    return keys, parameters


def redis_rule_files():
    return sorted(glob.glob(os.path.join(RULES_DIR, "*", "*.redis.*.yaml")))


def blocking_redis_rules():
    blocking = []
    for path in redis_rule_files():
        with open(path) as f:
            if re.search(r"^severity:\s*blocking\s*$", f.read(), re.M):
                blocking.append(os.path.basename(path))
    return blocking


class GoliveCase(unittest.TestCase):
    """Runs golive in a scratch directory with a generated golive.yaml."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="golive-redis-it-")
        self.env = dict(os.environ, GOLIVE_REDIS_PASSWORD=PASSWORD,
                        GOLIVE_REDIS_WRONG=WRONG_PASSWORD, GOLIVE_ACL_PASSWORD=ACL_PASSWORD,
                        NO_COLOR="1")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def write_config(self, targets, timeout="10s", name="golive.yaml"):
        lines = ["environment: redis-it", "collectors:", "  redis:", f"    timeout: {timeout}",
                 "    targets:"]
        for target, settings in targets.items():
            lines.append(f"      {target}: {json.dumps(settings)}")
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        return path

    def golive(self, *args, timeout=60):
        started = time.monotonic()
        result = subprocess.run([GOLIVE, *args], capture_output=True, text=True, env=self.env,
                                cwd=self.dir, timeout=timeout)
        result.elapsed = time.monotonic() - started
        return result

    def collect(self, targets, timeout="10s"):
        config = self.write_config(targets, timeout)
        snapshot = os.path.join(self.dir, "snapshot.json")
        result = self.golive("collect", "--config", config, "--output", snapshot)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(snapshot) as f:
            doc = json.load(f)
        doc["elapsed"] = result.elapsed
        return doc

    def collect_one(self, settings, timeout="10s"):
        """(facts of target 'it', collector status, error) of a one-target collection."""
        snapshot = self.collect({"it": settings}, timeout)
        status = snapshot["collectors"]["redis"]
        return (snapshot["facts"]["redis"].get("it"), status["status"], status.get("error", ""),
                snapshot["elapsed"])


class CollectTest(GoliveCase):
    @classmethod
    def setUpClass(cls):
        cls.pki = tempfile.mkdtemp(prefix="golive-redis-pki-")
        cls.ca = make_ca(cls.pki)
        cls.cert = cls.ca.issue("redis.test", sans=["redis.test", "127.0.0.1"])
        cls.redis = RedisServer(password=PASSWORD, acl_users=[ACL_USER],
                                tls={"cert": cls.cert.cert, "key": cls.cert.key, "ca": cls.ca.cert},
                                config={"maxmemory": "64mb", "maxmemory-policy": "allkeys-lru"})
        cls.redis.start()
        for i in range(10):
            cls.redis.command("SET", f"k{i}", "v")
        cls.redis.command("SET", "expiring", "v", "EX", "3600")
        cls.documented, cls.parameters = documented_redis_facts()

    @classmethod
    def tearDownClass(cls):
        cls.redis.stop()
        shutil.rmtree(cls.pki, ignore_errors=True)

    def assert_complete(self, facts, tls):
        """Every documented fact but `unavailable` (nothing is) is in real output, typed."""
        self.assertEqual(set(facts), self.documented - {"unavailable"})
        self.assertEqual(facts["role"], "session")
        self.assertEqual(facts["target"], {"host": "127.0.0.1", "tls": tls,
                                           "port": self.redis.tls_port if tls else self.redis.port})
        info = facts["info"]
        for section in ("server", "clients", "memory", "persistence", "stats", "replication",
                        "cpu", "keyspace"):
            self.assertIn(section, info)
        self.assertIsInstance(info["server"]["redis_version"], str)
        self.assertIsInstance(info["clients"]["connected_clients"], int)
        self.assertIsInstance(info["memory"]["mem_fragmentation_ratio"], float)
        self.assertEqual(info["memory"]["maxmemory"], 64 * 1024 * 1024)
        self.assertEqual(info["memory"]["maxmemory_policy"], "allkeys-lru")
        self.assertEqual(info["keyspace"]["db0"]["keys"], 11)
        self.assertEqual(info["keyspace"]["db0"]["expires"], 1)
        self.assertIsInstance(info["keyspace"]["db0"]["avg_ttl"], int)
        # Every CONFIG parameter of the contract, as strings; requirepass only as a bool.
        config = facts["config"]
        self.assertEqual(set(config), self.parameters | {"requirepass_set"})
        self.assertTrue(all(isinstance(config[p], str) for p in self.parameters))
        self.assertIs(config["requirepass_set"], True)
        self.assertEqual(config["maxmemory-policy"], "allkeys-lru")
        self.assertEqual(config["tls-port"], str(self.redis.tls_port))
        self.assertIs(facts["auth_required"], True)

    def test_plain_with_password(self):
        facts, status, error, _ = self.collect_one(
            {"url": self.redis.url, "role": "session", "password": "${env:GOLIVE_REDIS_PASSWORD}"})
        self.assertEqual((status, error), ("ok", ""))
        self.assert_complete(facts, tls=False)

    def test_tls_with_ca_file_and_server_name(self):
        facts, status, error, _ = self.collect_one(
            {"url": self.redis.tls_url(), "role": "session",
             "password": "${env:GOLIVE_REDIS_PASSWORD}", "ca_file": self.ca.cert,
             "server_name": "redis.test"})
        self.assertEqual((status, error), ("ok", ""))
        self.assert_complete(facts, tls=True)

    def test_tls_verifies_the_ip_address(self):
        # No server_name: the certificate must name 127.0.0.1 (it does, as an IP SAN).
        facts, status, error, _ = self.collect_one(
            {"url": self.redis.tls_url(), "role": "session",
             "password": "${env:GOLIVE_REDIS_PASSWORD}", "ca_file": self.ca.cert})
        self.assertEqual((status, error), ("ok", ""))
        self.assertTrue(facts["target"]["tls"])

    def test_acl_user(self):
        facts, status, error, _ = self.collect_one(
            {"url": self.redis.tls_url(), "role": "session", "username": "golive",
             "password": "${env:GOLIVE_ACL_PASSWORD}", "ca_file": self.ca.cert,
             "server_name": "redis.test"})
        self.assertEqual((status, error), ("ok", ""))
        self.assert_complete(facts, tls=True)

    def test_password_by_reference_in_the_url(self):
        url = self.redis.url.replace("redis://", "redis://:${env:GOLIVE_REDIS_PASSWORD}@")
        facts, status, error, _ = self.collect_one({"url": url, "role": "session"})
        self.assertEqual((status, error), ("ok", ""))
        self.assertIn("config", facts)

    def test_acl_user_without_config_permission_is_partial(self):
        self.redis.command("ACL", "SETUSER", "nocfg", "on", ">nocfg-password", "~*", "+ping",
                           "+info")
        self.env["NOCFG"] = "nocfg-password"
        facts, status, error, _ = self.collect_one(
            {"url": self.redis.url, "role": "cache", "username": "nocfg",
             "password": "${env:NOCFG}"})
        self.assertEqual(status, "partial")
        self.assertNotIn("config", facts)
        self.assertIn("CONFIG GET is not permitted to this user (NOPERM", facts["unavailable"]["config"])
        self.assertIn("it: config not collected: CONFIG GET is not permitted", error)
        self.assertIn("info", facts)

    def test_config_hidden_is_partial(self):
        with RedisServer(rename_config="") as hidden:  # rename-command CONFIG ""
            snapshot = self.collect({"it": {"url": hidden.url, "role": "cache"}})
        facts = snapshot["facts"]["redis"]["it"]
        status = snapshot["collectors"]["redis"]
        self.assertEqual(status["status"], "partial")
        self.assertNotIn("config", facts)
        self.assertEqual(facts["unavailable"],
                         {"config": "CONFIG GET is disabled by the server "
                                    "(ERR unknown command 'CONFIG')"})
        self.assertEqual(status["error"], "it: config not collected: CONFIG GET is disabled by "
                                          "the server (ERR unknown command 'CONFIG')")
        # The rest is there, and so the whole table was seen in real output.
        self.assertEqual(set(facts), self.documented - {"config"})
        self.assertIs(facts["auth_required"], False)  # no password: anyone gets in

    def test_client_certificate(self):
        client = self.ca.issue("golive-client", sans=[], client=True, server=False)
        tls = {"cert": self.cert.cert, "key": self.cert.key, "ca": self.ca.cert,
               "auth_clients": "yes", "client_cert": client.cert, "client_key": client.key}
        with RedisServer(tls=tls, plain=False) as strict:
            settings = {"url": strict.tls_url(), "role": "cache", "ca_file": self.ca.cert,
                        "server_name": "redis.test"}
            facts, status, error, _ = self.collect_one(
                dict(settings, cert_file=client.cert, key_file=client.key))
            self.assertEqual((status, error), ("ok", ""))
            self.assertEqual(facts["config"]["port"], "0")
            _, status, error, _ = self.collect_one(settings, timeout="5s")
            self.assertEqual(status, "unreachable")
            self.assertRegex(error, r"^it: (TLS|connection closed)")

    def test_several_targets_are_probed_together(self):
        with RedisServer() as other:
            snapshot = self.collect({
                "sessions": {"url": self.redis.url, "role": "session",
                             "password": "${env:GOLIVE_REDIS_PASSWORD}"},
                "cache": {"url": other.url, "role": "cache"}})
        self.assertEqual(snapshot["collectors"]["redis"]["status"], "ok")
        self.assertEqual(set(snapshot["facts"]["redis"]), {"sessions", "cache"})
        self.assertEqual(snapshot["facts"]["redis"]["cache"]["role"], "cache")

    def test_replica_shows_in_replication(self):
        with RedisServer() as master:
            master.make_replica()
            master.wait_for_replicas(1)
            snapshot = self.collect({"primary": {"url": master.url, "role": "queue"}})
        replication = snapshot["facts"]["redis"]["primary"]["info"]["replication"]
        self.assertEqual(replication["connected_slaves"], 1)
        self.assertEqual(set(replication["slave0"]), {"ip", "port", "state", "offset", "lag"})
        self.assertEqual(replication["slave0"]["state"], "online")


class ReadOnlyTest(GoliveCase):
    def test_an_audit_sends_only_inspection_commands(self):
        with RedisServer(password=PASSWORD, config={"maxmemory": "32mb"}) as redis:
            redis.command("SET", "k", "v")
            config = self.write_config({"it": {"url": redis.url, "role": "queue",
                                               "password": "${env:GOLIVE_REDIS_PASSWORD}"}})
            with redis.executed_commands() as executed, redis.monitor() as seen:
                result = self.golive("audit", "--config", config, "--format", "json")
        self.assertIn(result.returncode, (0, 1, 3), result.stderr)
        self.assertEqual(json.loads(result.stdout)["collectors"]["redis"]["status"], "ok")
        names = seen.names()
        # MONITOR shows the non-administrative commands, with their arguments.
        self.assertIn(["INFO", "everything"], seen.commands)
        self.assertIn("PING", names)
        self.assertLessEqual(set(names), INSPECTION, seen.lines)
        self.assertFalse(set(names) & FORBIDDEN)
        # MONITOR hides administrative commands (CONFIG, SHUTDOWN, DEBUG, SAVE,
        # ...); INFO commandstats counts every one, rejected ones included.
        commands = {name.upper().replace("|", " ") for name in executed}
        self.assertLessEqual(commands, INSPECTION, executed)
        self.assertFalse(commands & FORBIDDEN)
        self.assertEqual(executed.get("config|get"), 14, executed)  # 13 parameters + requirepass
        self.assertEqual(executed.get("info"), 1, executed)
        self.assertEqual(executed.get("ping"), 2, executed)  # one per connection
        self.assertEqual(executed.get("auth"), 1, executed)  # the second connection has none


class FaultsTest(GoliveCase):
    TIMEOUT = 3.0

    @classmethod
    def setUpClass(cls):
        cls.pki = tempfile.mkdtemp(prefix="golive-redis-pki-")
        cls.ca = make_ca(cls.pki)
        cls.other_ca = make_ca(os.path.join(cls.pki, "other"), "unrelated CA")
        cls.cert = cls.ca.issue("redis.test", sans=["redis.test", "127.0.0.1"])
        cls.redis = RedisServer(password=PASSWORD, tls={"cert": cls.cert.cert, "key": cls.cert.key,
                                                        "ca": cls.ca.cert})
        cls.redis.start()
        cls.blocking = blocking_redis_rules()

    @classmethod
    def tearDownClass(cls):
        cls.redis.stop()
        shutil.rmtree(cls.pki, ignore_errors=True)

    def audit(self, settings):
        config = self.write_config({"it": dict(settings, role="queue")}, timeout=f"{self.TIMEOUT:g}s")
        # production's gate without its required systems: this audit looks at Redis alone.
        result = self.golive("audit", "--config", config, "--format", "json",
                             "--rules", os.path.join(SOURCE_DIR, "tests", "fixtures", "profiles", "any-system"),
                             "--profile", "production-any-system",
                             "--snapshot-output", os.path.join(self.dir, "snapshot.json"))
        self.assertNotEqual(result.returncode, 2, result.stderr)
        return result, json.loads(result.stdout)

    def assert_fault(self, settings, status, error_pattern):
        result, doc = self.audit(settings)
        collector = doc["collectors"]["redis"]
        self.assertEqual(collector["status"], status, collector)
        self.assertRegex(collector["error"], error_pattern)
        self.assertLess(result.elapsed, self.TIMEOUT + 1.5, "slower than the configured timeout")
        findings = [f for f in doc["findings"] if ".redis." in f["rule_id"]]
        self.assertTrue(findings)
        statuses = {f["status"] for f in findings}
        self.assertIn("unknown", statuses)
        self.assertLessEqual(statuses, {"unknown", "skipped"},
                             [(f["rule_id"], f["status"]) for f in findings])
        # Production: the blocking redis rules (and the score, which counts
        # unknowns as failures) cannot be verified, so the NO-GO is
        # inconclusive — exit 3, never a pass.
        self.assertTrue(self.blocking, "a blocking redis rule is expected in the catalogue")
        self.assertEqual(result.returncode, 3, doc["reasons"])
        self.assertTrue(doc["inconclusive"])
        return result

    def test_refused(self):
        port = common.free_port()  # nothing listens there
        result = self.assert_fault({"url": f"redis://127.0.0.1:{port}/0"}, "unreachable",
                                   rf"^it: connection refused by 127\.0\.0\.1:{port}$")
        self.assertLess(result.elapsed, 1.5)

    def test_silent_port_times_out(self):
        silent = listening_socket()  # accepts (in the kernel's backlog), never answers
        try:
            port = silent.getsockname()[1]
            result = self.assert_fault({"url": f"redis://127.0.0.1:{port}/0"}, "unreachable",
                                       rf"^it: timed out waiting for a reply from 127\.0\.0\.1:"
                                       rf"{port} after 2\.\ds \(timeout\)$")
        finally:
            silent.close()
        self.assertGreater(result.elapsed, self.TIMEOUT - 0.5)

    def test_silent_tls_port_times_out(self):
        silent = listening_socket()
        try:
            port = silent.getsockname()[1]
            result = self.assert_fault({"url": f"rediss://127.0.0.1:{port}/0"}, "unreachable",
                                       r"^it: timed out during the TLS handshake with ")
        finally:
            silent.close()
        self.assertGreater(result.elapsed, self.TIMEOUT - 0.5)

    def test_wrong_password(self):
        self.assert_fault({"url": self.redis.url, "password": "${env:GOLIVE_REDIS_WRONG}"},
                          "unauthorized", r"^it: AUTH failed: WRONGPASS ")

    def test_no_password_given(self):
        _, doc = self.audit({"url": self.redis.url})
        self.assertEqual(doc["collectors"]["redis"]["status"], "unauthorized")
        self.assertIn("NOAUTH", doc["collectors"]["redis"]["error"])

    def test_certificate_of_another_ca(self):
        self.assert_fault({"url": self.redis.tls_url(), "password": "${env:GOLIVE_REDIS_PASSWORD}",
                           "ca_file": self.other_ca.cert, "server_name": "redis.test"},
                          "unreachable", r"^it: TLS certificate verify failed: ")

    def test_certificate_for_another_name(self):
        self.assert_fault({"url": self.redis.tls_url(), "password": "${env:GOLIVE_REDIS_PASSWORD}",
                           "ca_file": self.ca.cert, "server_name": "cache.other"},
                          "unreachable",
                          r"^it: TLS certificate verify failed: hostname mismatch .*'cache\.other'")

    def test_plain_url_on_a_tls_port(self):
        self.assert_fault({"url": f"redis://127.0.0.1:{self.redis.tls_port}/0",
                           "password": "${env:GOLIVE_REDIS_PASSWORD}"}, "unreachable",
                          r"connection closed by .* use a rediss:// URL")


class SecretsTest(GoliveCase):
    REPORTS = ("json", "html", "sarif", "junit", "markdown")

    def outputs(self, name, *args):
        """Runs golive; returns every text it produced (streams and files)."""
        out = os.path.join(self.dir, name)
        os.makedirs(out)
        reports = [a for fmt in self.REPORTS for a in ("--report", f"{fmt}={out}/report.{fmt}")]
        if args[0] == "collect":
            result = self.golive(*args, "--output", f"{out}/snapshot.json")
        else:
            result = self.golive(*args, "--snapshot-output", f"{out}/snapshot.json", *reports)
        self.assertNotEqual(result.returncode, 2, result.stderr)
        texts = {"stdout": result.stdout, "stderr": result.stderr}
        for path in glob.glob(f"{out}/*"):
            with open(path, errors="replace") as f:
                texts[path] = f.read()
        return texts

    def assert_nowhere(self, texts, secrets):
        for where, text in texts.items():
            for secret in secrets:
                self.assertNotIn(secret, text, f"a password leaked into {where}")

    def test_password_never_printed(self):
        with RedisServer(password=PASSWORD) as redis:
            texts = {}
            for case, env_name in (("right", "GOLIVE_REDIS_PASSWORD"),
                                   ("wrong", "GOLIVE_REDIS_WRONG")):
                config = self.write_config(
                    {"it": {"url": redis.url, "role": "session", "password": f"${{env:{env_name}}}"},
                     "in-url": {"url": redis.url.replace("redis://", f"redis://:${{env:{env_name}}}@"),
                                "role": "queue"}},
                    name=f"{case}.yaml")
                for command in ("collect", "audit"):
                    for where, text in self.outputs(f"{case}-{command}", command, "--config",
                                                    config).items():
                        texts[f"{case} {command} {where}"] = text
        snapshots = {k: v for k, v in texts.items() if k.endswith("snapshot.json")}
        self.assertEqual(len(snapshots), 4)
        right = json.loads(texts[f"right collect {self.dir}/right-collect/snapshot.json"])
        self.assertEqual(right["collectors"]["redis"]["status"], "ok")
        wrong = json.loads(texts[f"wrong audit {self.dir}/wrong-audit/snapshot.json"])
        self.assertEqual(wrong["collectors"]["redis"]["status"], "unauthorized")
        self.assertIn("WRONGPASS", wrong["collectors"]["redis"]["error"])
        self.assertTrue(any(k.endswith("report.html") for k in texts))
        self.assertIn("unauthorized", texts["wrong audit stdout"])  # the terminal report
        self.assert_nowhere(texts, (PASSWORD, WRONG_PASSWORD))

    def test_literal_password_in_url_is_refused(self):
        config = os.path.join(self.dir, "golive.yaml")
        with open(config, "w") as f:
            f.write("environment: redis-it\ncollectors:\n  redis:\n    targets:\n"
                    "      it:\n        url: redis://golive:Literal-PASSWORD-9925@127.0.0.1:6379/0\n")
        for command in (("collect", "--output", os.path.join(self.dir, "s.json")), ("audit",)):
            result = self.golive(command[0], "--config", config, *command[1:])
            self.assertEqual(result.returncode, 2)
            self.assertIn(f"{config}:6:29: error: the URL holds a literal password: put the "
                          "password in `password: ${env:NAME}`", result.stderr)
            self.assertNotIn("Literal-PASSWORD-9925", result.stderr + result.stdout)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "s.json")))


if __name__ == "__main__":
    unittest.main(verbosity=2)
