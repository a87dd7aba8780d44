#!/usr/bin/env python3
"""The postgres collector against real PostgreSQL servers on loopback.

Each class is one ctest test (tests/integration/postgres.cmake):
  FactsTest      every fact key and field of docs/facts.md is in real output
                 (or named in `unavailable`), on a primary with a standby, as a
                 pg_monitor role and as superuser; built-in rules evaluate it
  ReadOnlyTest   the server's own log (log_statement = all) shows golive's
                 session reading only, in a read-only transaction
  FaultsTest     refused, silent, wrong password, untrusted certificate: each
                 the right status within the timeout, postgres rules unknown
  SecretsTest    a password given by reference appears in no output

Needs: GOLIVE_BINARY (the golive executable), GOLIVE_SOURCE_DIR; PostgreSQL
from Debian (scripts/localservers/postgres.py finds it); the openssl CLI.
Standard library only.
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

SOURCE_DIR = os.environ.get("GOLIVE_SOURCE_DIR",
                            os.path.dirname(os.path.dirname(os.path.dirname(
                                os.path.abspath(__file__)))))
GOLIVE = os.path.abspath(os.environ.get("GOLIVE_BINARY",
                                        os.path.join(SOURCE_DIR, "build", "golive")))
sys.path.insert(0, os.path.join(SOURCE_DIR, "scripts"))

from localservers.certs import CertificateAuthority  # noqa: E402
from localservers.common import free_port, listening_socket  # noqa: E402
from localservers.postgres import PostgresServer  # noqa: E402

RO_PASSWORD = "Ro-Pw-7fK2q9-golive"  # distinctive: searched for in every output
SUPER_PASSWORD = "Su-Pw-3mX8v1-golive"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


# -- helpers ---------------------------------------------------------------

def documented_postgres_facts():
    """{key: [fields]} from docs/facts.md's postgres table (fields: the names
    in the first `{...}` of the shape column; [] when it has none)."""
    with open(os.path.join(SOURCE_DIR, "docs", "facts.md"), encoding="utf-8") as f:
        doc = f.read()
    start = doc.index("## `postgres.<name>`")
    section = doc[start:doc.index("\n## ", start + 1)]
    facts = {}
    for line in section.splitlines():
        m = re.match(r"^\| `([a-z_]+)[^`]*` \| (.*?) \|", line)
        if not m:
            continue
        facts[m.group(1)] = top_level_names(m.group(2))
    return facts


def top_level_names(shape):
    start = shape.find("`{")
    if start < 0:
        return []
    depth, names, current = 0, [], ""
    for ch in shape[start + 1:]:
        if ch in "{[":
            depth += 1
            if depth == 1:
                continue
        if ch in "}]":
            depth -= 1
            if depth == 0:
                names.append(current)
                break
        if depth == 1 and ch == ",":
            names.append(current)
            current = ""
        elif depth == 1:
            current += ch
    result = []
    for name in names:
        name = name.split(":")[0].strip()
        if re.match(r"^[a-z_]+$", name):
            result.append(name)
    return result


def write_config(directory, targets, timeout="15s"):
    """golive.yaml with a postgres collector of these targets (JSON is YAML)."""
    lines = ["environment: integration", "profile: production", "collectors:",
             "  postgres:", f"    timeout: {timeout}", "    targets:"]
    for name, settings in targets.items():
        lines.append(f"      {name}:" + ("" if settings else " {}"))
        for key, value in settings.items():
            lines.append(f"        {key}: {json.dumps(value)}")
    path = os.path.join(directory, "golive.yaml")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def run(args, env=None, timeout=120):
    started = time.monotonic()
    # libpq reads PG* variables: the tests' dsns alone must decide.
    base = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    result = subprocess.run([GOLIVE] + args, capture_output=True, text=True,
                            env=dict(base, **(env or {})), timeout=timeout)
    result.elapsed = time.monotonic() - started
    return result


def collect(directory, config, env=None):
    snapshot = os.path.join(directory, "snapshot.json")
    result = run(["collect", "--config", config, "--output", snapshot], env)
    if result.returncode != 0:
        raise AssertionError(f"collect exited {result.returncode}:\n{result.stdout}{result.stderr}")
    with open(snapshot) as f:
        result.snapshot = json.load(f)
    return result


def postgres_rule_pack(directory):
    """The built-in postgres rules in a pack of their own."""
    pack = os.path.join(directory, "postgres-pack")
    os.makedirs(pack, exist_ok=True)
    for path in glob.glob(os.path.join(SOURCE_DIR, "rules", "*", "*.postgres.*.yaml")):
        shutil.copy(path, pack)
    # The definitions the rules call (rules/lib).
    shutil.copytree(os.path.join(SOURCE_DIR, "rules", "lib"), os.path.join(pack, "lib"),
                    dirs_exist_ok=True)
    return pack


def make_certificates(directory):
    """Two private CAs (ca-a.pem, ca-b.pem), and a server certificate for
    127.0.0.1 signed by CA b."""
    CertificateAuthority(directory, "ca-a")
    server = CertificateAuthority(directory, "ca-b").issue("localhost",
                                                           sans=["127.0.0.1", "localhost"])
    return server.cert, server.key


class Base(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="golive-pg-test-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def server(self, **kwargs):
        server = PostgresServer(**kwargs)
        self.addCleanup(server.close)
        server.create_role("golive_ro", password=RO_PASSWORD, member_of=["pg_monitor"])
        server.sql(f"ALTER ROLE postgres PASSWORD '{SUPER_PASSWORD}';")
        return server

    def assertNoSecret(self, text, where, secrets=(RO_PASSWORD, SUPER_PASSWORD)):
        for secret in secrets:
            self.assertNotIn(secret, text, f"a password appears in {where}")


# -- a. declared facts against real output -----------------------------------

class FactsTest(Base):
    def test_every_documented_fact_in_real_output(self):
        primary = self.server(archive=True, settings={"wal_level": "replica"})
        primary.sql("CREATE DATABASE odoo;")
        standby = primary.make_standby(slot="standby_slot")
        self.addCleanup(standby.close)
        primary.switch_wal()
        primary.wait_for("SELECT archived_count > 0 FROM pg_stat_archiver", "t")
        env = {"GOLIVE_TEST_PGPASSWORD": RO_PASSWORD, "GOLIVE_TEST_SUPER": SUPER_PASSWORD}
        config = write_config(self.dir, {
            "monitor": {"dsn": primary.dsn("golive_ro", "odoo"),
                        "password": "${env:GOLIVE_TEST_PGPASSWORD}"},
            "admin": {"dsn": primary.dsn("postgres", "postgres"),
                      "password": "${env:GOLIVE_TEST_SUPER}"},
            "replica": {"dsn": standby.dsn("golive_ro", "postgres"),
                        "password": "${env:GOLIVE_TEST_PGPASSWORD}",
                        "statement_timeout": "3s"},
        })
        result = collect(self.dir, config, env)
        snapshot = result.snapshot
        facts = snapshot["facts"]["postgres"]
        status = snapshot["collectors"]["postgres"]
        # hba needs superuser on PostgreSQL 15: monitor and replica are partial.
        self.assertEqual(status["status"], "partial", status)
        self.assertIn("monitor: hba not collected (permission denied for view pg_hba_file_rules)",
                      status["error"])
        self.assertNotIn("admin:", status["error"])

        documented = documented_postgres_facts()
        self.assertEqual(len(documented), 14, documented)
        for name in ("monitor", "admin", "replica"):
            target = facts[name]
            for key in documented:
                with self.subTest(target=name, key=key):
                    self.assertTrue(key in target or key in target["unavailable"],
                                    f"{key} neither collected nor unavailable")
            self.assertEqual(set(target) - set(documented), set(), "undocumented fact keys")
        self.assertEqual(facts["monitor"]["unavailable"],
                         {"hba": "permission denied for view pg_hba_file_rules"})
        self.assertEqual(facts["admin"]["unavailable"], {})
        self.assertEqual(facts["replica"]["unavailable"],
                         {"hba": "permission denied for view pg_hba_file_rules"})

        # Every documented field, in a target that has the key (lists non-empty).
        admin, monitor, replica = facts["admin"], facts["monitor"], facts["replica"]
        examples = {
            "target": monitor["target"], "version": monitor["version"],
            "settings": monitor["settings"]["max_connections"], "archiver": monitor["archiver"],
            "replication": monitor["replication"][0],
            "replication_slots": monitor["replication_slots"][0],
            "connections": monitor["connections"], "ssl": monitor["ssl"],
            "roles": monitor["roles"][0], "databases": monitor["databases"][0],
            "extensions": monitor["extensions"][0], "hba": admin["hba"][0],
        }
        for key, fields in documented.items():
            if key in examples:
                for field in fields:
                    with self.subTest(key=key, field=field):
                        self.assertIn(field, examples[key])

        # Values: types and conversions as docs/facts.md says.
        self.assertEqual(monitor["target"], {"host": "127.0.0.1", "port": primary.port,
                                             "dbname": "odoo", "user": "golive_ro",
                                             "sslmode": "prefer"})
        self.assertEqual(monitor["version"]["server_version_num"], primary.version_num)
        self.assertIs(monitor["in_recovery"], False)
        self.assertIs(replica["in_recovery"], True)
        self.assertEqual(monitor["settings"]["archive_mode"]["setting"], "on")
        self.assertIsInstance(monitor["settings"]["max_connections"]["pending_restart"], bool)
        self.assertIsNone(monitor["settings"]["max_connections"]["unit"])
        self.assertEqual(monitor["settings"]["statement_timeout"]["unit"], "ms")
        self.assertGreaterEqual(monitor["archiver"]["archived_count"], 1)
        self.assertRegex(monitor["archiver"]["last_archived_time"], RFC3339)
        self.assertIsNone(monitor["archiver"]["last_failed_time"])
        streaming = monitor["replication"][0]
        self.assertEqual((streaming["application_name"], streaming["state"]),
                         ("standby", "streaming"))
        self.assertIsInstance(streaming["replay_lag_bytes"], int)
        for lag in ("write_lag", "flush_lag", "replay_lag"):
            self.assertTrue(streaming[lag] is None or isinstance(streaming[lag], (int, float)))
        slot = monitor["replication_slots"][0]
        self.assertEqual((slot["slot_name"], slot["active"], slot["wal_status"]),
                         ("standby_slot", True, "reserved"))
        self.assertIsInstance(slot["retained_bytes"], int)
        self.assertGreaterEqual(monitor["connections"]["total"], 1)
        self.assertGreaterEqual(monitor["connections"]["by_application"].get("golive", 0), 1)
        self.assertIsInstance(monitor["connections"]["max_connections"], int)
        self.assertIsInstance(monitor["ssl"]["by_version"], dict)
        roles = {r["rolname"]: r for r in monitor["roles"]}
        self.assertIs(roles["golive_ro"]["rolsuper"], False)
        self.assertIs(roles["postgres"]["rolsuper"], True)
        self.assertNotIn("rolpassword", roles["golive_ro"])
        databases = {d["datname"]: d for d in monitor["databases"]}
        self.assertIsInstance(databases["odoo"]["xid_age"], int)
        self.assertIsInstance(databases["odoo"]["size_bytes"], int)
        self.assertIn("plpgsql", [e["extname"] for e in monitor["extensions"]])
        hosts = [r for r in admin["hba"] if r["type"] == "host"]
        self.assertTrue(hosts and hosts[0]["auth_method"] == "scram-sha-256", admin["hba"])
        self.assertIsInstance(hosts[0]["database"], list)
        self.assertIsInstance(hosts[0]["user_name"], list)
        # Standbys read their WAL positions without pg_current_wal_lsn().
        self.assertEqual(replica["replication"], [])

        self.assertNoSecret(json.dumps(snapshot), "the snapshot")

    def test_failing_archiver_and_open_transactions(self):
        pg = self.server(archive=True, settings={"archive_command": "false"})
        pg.switch_wal()
        pg.wait_for("SELECT failed_count > 0 FROM pg_stat_archiver", "t")
        session = pg.open_session("BEGIN; SELECT 1;")
        self.addCleanup(session.close)
        pg.wait_for("SELECT state FROM pg_stat_activity WHERE application_name = "
                    f"'{session.application_name}'", "idle in transaction")
        time.sleep(0.3)
        config = write_config(self.dir, {"db": {"dsn": pg.dsn("golive_ro", "postgres"),
                                                "password": "${env:GOLIVE_TEST_PGPASSWORD}"}})
        facts = collect(self.dir, config,
                        {"GOLIVE_TEST_PGPASSWORD": RO_PASSWORD}).snapshot["facts"]["postgres"]["db"]
        archiver = facts["archiver"]
        self.assertGreaterEqual(archiver["failed_count"], 1)
        self.assertRegex(archiver["last_failed_time"], RFC3339)
        self.assertRegex(archiver["last_failed_wal"], r"^[0-9A-F]{24}")
        connections = facts["connections"]
        self.assertEqual(connections["idle_in_transaction"], 1)
        self.assertEqual(connections["by_state"]["idle in transaction"], 1)
        self.assertEqual(connections["by_application"][session.application_name], 1)
        self.assertGreaterEqual(connections["longest_idle_in_transaction_seconds"], 0.3)
        self.assertGreaterEqual(connections["longest_transaction_seconds"], 0.3)

    def test_without_dsn_libpq_environment_variables_decide(self):
        pg = self.server()
        config = write_config(self.dir, {"db": {}})
        env = {"PGHOST": "127.0.0.1", "PGPORT": str(pg.port), "PGUSER": "golive_ro",
               "PGDATABASE": "postgres", "PGPASSWORD": RO_PASSWORD, "PGSSLMODE": "disable"}
        result = collect(self.dir, config, env)
        facts = result.snapshot["facts"]["postgres"]["db"]
        self.assertEqual(facts["target"], {"host": "127.0.0.1", "port": pg.port,
                                           "dbname": "postgres", "user": "golive_ro",
                                           "sslmode": "disable"})
        self.assertEqual(list(facts["unavailable"]), ["hba"])
        self.assertNoSecret(result.stdout + result.stderr + json.dumps(result.snapshot),
                            "output")

    def test_role_without_pg_monitor_gets_unavailable_not_wrong_counts(self):
        # Without pg_read_all_stats, other roles' sessions are invisible:
        # connection counts would be low and replication lags null.
        pg = self.server()
        pg.create_role("plain", password=RO_PASSWORD)
        standby = pg.make_standby()
        self.addCleanup(standby.close)
        config = write_config(self.dir, {"db": {"dsn": pg.dsn("plain", "postgres"),
                                                "password": "${env:GOLIVE_TEST_PGPASSWORD}"}})
        result = collect(self.dir, config, {"GOLIVE_TEST_PGPASSWORD": RO_PASSWORD})
        facts = result.snapshot["facts"]["postgres"]["db"]
        self.assertEqual(sorted(facts["unavailable"]),
                         ["connections", "hba", "replication", "ssl"])
        self.assertIn("grant pg_monitor", facts["unavailable"]["connections"])
        for key in ("settings", "archiver", "replication_slots", "roles", "databases",
                    "extensions", "version", "in_recovery"):
            self.assertIn(key, facts)

    def test_builtin_postgres_rules_evaluate_real_facts(self):
        primary = self.server()
        pack = postgres_rule_pack(self.dir)
        config = write_config(self.dir, {"db": {"dsn": primary.dsn("postgres", "postgres"),
                                                "password": "${env:GOLIVE_TEST_SUPER}"}})
        result = run(["audit", "--config", config, "--no-builtin", "--rules", pack,
                      "--format", "json"], {"GOLIVE_TEST_SUPER": SUPER_PASSWORD})
        self.assertIn(result.returncode, (0, 1), result.stderr)
        findings = json.loads(result.stdout)["findings"]
        self.assertTrue(findings)
        for f in findings:
            with self.subTest(rule=f["rule_id"]):
                # Facts from a real server decide: pass, fail or skipped, never
                # unknown (a fact missing) or error (a fact of the wrong shape).
                self.assertIn(f["status"], ("pass", "fail", "skipped"), f)


# -- b. read-only proof ------------------------------------------------------

WRITES = re.compile(
    r"\b(INSERT|UPDATE|DELETE|MERGE|CREATE|ALTER|DROP|GRANT|REVOKE|TRUNCATE|COPY|VACUUM|"
    r"ANALYZE|CLUSTER|REINDEX|REFRESH|COMMENT|SECURITY\s+LABEL|LOCK|CALL|DO|NOTIFY|LISTEN|"
    r"PREPARE\s+TRANSACTION|COMMIT|IMPORT|LOAD|CHECKPOINT|DISCARD|RESET|"
    r"pg_reload_conf|pg_terminate_backend|pg_cancel_backend|pg_switch_wal|set_config|"
    r"nextval|setval|lo_\w+|pg_create_\w+|pg_drop_\w+|pg_promote)\b", re.I)
ALLOWED = re.compile(r"^(BEGIN|SET|SHOW|SELECT|WITH|SAVEPOINT|RELEASE SAVEPOINT|"
                     r"ROLLBACK TO SAVEPOINT|ROLLBACK)\b")


class ReadOnlyTest(Base):
    def test_server_log_shows_only_reads_in_a_read_only_transaction(self):
        pg = self.server(log_statement_all=True)
        # As superuser: even with every privilege, golive only reads.
        config = write_config(self.dir, {"db": {"dsn": pg.dsn("postgres", "postgres"),
                                                "password": "${env:GOLIVE_TEST_SUPER}"}})
        collect(self.dir, config, {"GOLIVE_TEST_SUPER": SUPER_PASSWORD})
        lines = pg.log_lines("golive")
        statements = []
        for line in lines:
            m = re.search(r"LOG:  statement: (.*)$", line)
            if m:
                statements += [s.strip() for s in m.group(1).split(";") if s.strip()]
        self.assertGreater(len(statements), 12, "\n".join(lines))
        for statement in statements:
            with self.subTest(statement=statement[:80]):
                self.assertRegex(statement, ALLOWED)
                self.assertIsNone(WRITES.search(statement))
        # Read only from the first statement on, rolled back at the end.
        self.assertEqual(statements[0], "BEGIN")
        self.assertEqual(statements[1], "SET TRANSACTION READ ONLY")
        first_select = next(i for i, s in enumerate(statements) if s.startswith(("SELECT", "WITH")))
        self.assertGreater(first_select, 1)
        self.assertEqual(statements[-1], "ROLLBACK")
        self.assertTrue(any(s.startswith("SET LOCAL statement_timeout") for s in statements))
        self.assertTrue(any(s.startswith("SET LOCAL lock_timeout = 1000") for s in statements))
        # Every golive session line carries its application_name.
        self.assertTrue(all(" app=golive " in line for line in lines))
        self.assertFalse([l for l in pg.log_text().splitlines()
                          if "app=golive" in l and ("ERROR" in l or "FATAL" in l)])


# -- c. faults ---------------------------------------------------------------

class FaultsTest(Base):
    def audit(self, config, env=None):
        args = ["audit", "--config", config, "--format", "json", "--no-builtin", "--rules",
                postgres_rule_pack(self.dir)]
        result = run(args, env)
        result.doc = json.loads(result.stdout) if result.stdout.strip() else None
        return result

    def assertPostgresRulesUnverified(self, result):
        """Every postgres rule unknown, never a pass; the NO-GO is
        inconclusive (exit 3): blocking rules could not be verified."""
        self.assertIsNotNone(result.doc, result.stderr)
        postgres = [f for f in result.doc["findings"] if ".postgres." in f["rule_id"]]
        self.assertTrue(postgres, "no postgres rule was evaluated")
        for f in postgres:
            self.assertEqual(f["status"], "unknown", f)
        self.assertEqual(result.returncode, 3, result.stdout[-2000:] + result.stderr)
        self.assertTrue(result.doc["inconclusive"])

    def status_of(self, snapshot):
        return snapshot["collectors"]["postgres"]

    def test_connection_refused_is_unreachable(self):
        port = free_port()  # nobody listens there
        config = write_config(self.dir, {"db": {
            "dsn": f"host=127.0.0.1 port={port} dbname=postgres user=golive_ro"}}, timeout="10s")
        result = collect(self.dir, config)
        status = self.status_of(result.snapshot)
        self.assertEqual(status["status"], "unreachable")
        self.assertEqual(status["error"], f"db: connection refused at 127.0.0.1:{port}")
        self.assertLess(result.elapsed, 5)
        # The target is still there, every key unavailable: rules are unknown, not skipped.
        target = result.snapshot["facts"]["postgres"]["db"]
        self.assertEqual(target["target"]["port"], port)
        self.assertEqual(target["unavailable"]["settings"],
                         f"connection refused at 127.0.0.1:{port}")
        audit = self.audit(config)
        self.assertPostgresRulesUnverified(audit)

    def test_silent_server_is_unreachable_within_the_timeout(self):
        # Accepts TCP connections (the kernel completes the handshake) and
        # never says a word.
        silent = listening_socket()
        self.addCleanup(silent.close)
        port = silent.getsockname()[1]
        config = write_config(self.dir, {"db": {
            "dsn": f"host=127.0.0.1 port={port} dbname=postgres user=golive_ro "
                   f"password=${{env:GOLIVE_TEST_PGPASSWORD}}"}}, timeout="3s")
        env = {"GOLIVE_TEST_PGPASSWORD": RO_PASSWORD}
        result = collect(self.dir, config, env)
        status = self.status_of(result.snapshot)
        self.assertEqual(status["status"], "unreachable")
        self.assertIn("no answer within", status["error"])
        self.assertLess(result.elapsed, 4.5, "collect should end within the 3s timeout")
        audit = self.audit(config, env)
        self.assertLess(audit.elapsed, 4.5, "audit should end within the 3s timeout")
        self.assertPostgresRulesUnverified(audit)
        self.assertNoSecret(audit.stdout + audit.stderr + json.dumps(result.snapshot), "output")

    def test_wrong_password_is_unauthorized(self):
        pg = self.server()
        wrong = "Wr0ng-Pw-9dQ4-golive"
        config = write_config(self.dir, {"db": {"dsn": pg.dsn("golive_ro", "postgres"),
                                                "password": "${env:GOLIVE_TEST_PGPASSWORD}"}})
        env = {"GOLIVE_TEST_PGPASSWORD": wrong}
        result = collect(self.dir, config, env)
        status = self.status_of(result.snapshot)
        self.assertEqual(status["status"], "unauthorized")
        self.assertEqual(status["error"],
                         'db: password authentication failed for user "golive_ro"')
        self.assertLess(result.elapsed, 5)
        audit = self.audit(config, env)
        self.assertPostgresRulesUnverified(audit)
        self.assertNoSecret(result.stdout + result.stderr + json.dumps(result.snapshot)
                            + audit.stdout + audit.stderr, "output", (wrong,))

    def test_role_without_hba_entry_is_unauthorized(self):
        pg = self.server(hba=["host all golive_ro 127.0.0.1/32 scram-sha-256"])
        config = write_config(self.dir, {"db": {"dsn": pg.dsn("postgres", "postgres"),
                                                "password": "${env:GOLIVE_TEST_SUPER}"}})
        result = collect(self.dir, config, {"GOLIVE_TEST_SUPER": SUPER_PASSWORD})
        status = self.status_of(result.snapshot)
        self.assertEqual(status["status"], "unauthorized")
        self.assertIn('no pg_hba.conf entry for host "127.0.0.1", user "postgres"',
                      status["error"])

    def test_untrusted_certificate_is_unreachable(self):
        cert, key = make_certificates(self.dir)
        pg = self.server(ssl=(cert, key))
        env = {"GOLIVE_TEST_PGPASSWORD": RO_PASSWORD}
        # ca-a.pem did not sign the server's certificate; relative to golive.yaml.
        config = write_config(self.dir, {"db": {
            "dsn": pg.dsn("golive_ro", "postgres", sslmode="verify-full",
                          sslrootcert="ca-a.pem"),
            "password": "${env:GOLIVE_TEST_PGPASSWORD}"}})
        cwd = os.getcwd()
        os.chdir("/")  # paths must not depend on where golive runs
        try:
            result = collect(self.dir, config, env)
            audit = self.audit(config, env)
        finally:
            os.chdir(cwd)
        status = self.status_of(result.snapshot)
        self.assertEqual(status["status"], "unreachable")
        self.assertEqual(status["error"],
                         f"db: TLS: server certificate verify failed at 127.0.0.1:{pg.port}")
        self.assertLess(result.elapsed, 5)
        self.assertPostgresRulesUnverified(audit)

    def test_trusted_certificate_connects_over_tls(self):
        # The control for the test above: the right CA, and golive connects.
        cert, key = make_certificates(self.dir)
        pg = self.server(ssl=(cert, key))
        config = write_config(self.dir, {"db": {
            "dsn": pg.dsn("golive_ro", "postgres", sslmode="verify-full",
                          sslrootcert="ca-b.pem"),
            "password": "${env:GOLIVE_TEST_PGPASSWORD}"}})
        result = collect(self.dir, config, {"GOLIVE_TEST_PGPASSWORD": RO_PASSWORD})
        facts = result.snapshot["facts"]["postgres"]["db"]
        self.assertEqual(facts["target"]["sslmode"], "verify-full")
        self.assertGreaterEqual(facts["ssl"]["ssl_connections"], 1)
        self.assertTrue(any(v.startswith("TLSv1") for v in facts["ssl"]["by_version"]))
        self.assertEqual(facts["settings"]["ssl"]["setting"], "on")

    def test_statement_timeout_costs_only_that_key(self):
        # A lock held by another session makes a catalog read wait: lock_timeout
        # (1s) ends it, and only that key is unavailable.
        pg = self.server()
        holder = subprocess.Popen(
            [os.path.join(pg.bin_dir, "psql"), "-X", "-h", pg.socket_dir, "-p", str(pg.port),
             "-U", "postgres", "-d", "postgres", "-c",
             "BEGIN; LOCK TABLE pg_catalog.pg_extension IN ACCESS EXCLUSIVE MODE; "
             "SELECT pg_sleep(30);"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={k: v for k, v in os.environ.items() if not k.startswith("PG")})
        self.addCleanup(holder.wait)
        self.addCleanup(holder.kill)
        pg.wait_for("SELECT count(*) FROM pg_locks WHERE relation = 'pg_extension'::regclass "
                    "AND mode = 'AccessExclusiveLock' AND granted", "1")
        config = write_config(self.dir, {"db": {"dsn": pg.dsn("golive_ro", "postgres"),
                                                "password": "${env:GOLIVE_TEST_PGPASSWORD}"}})
        result = collect(self.dir, config, {"GOLIVE_TEST_PGPASSWORD": RO_PASSWORD})
        facts = result.snapshot["facts"]["postgres"]["db"]
        self.assertEqual(facts["unavailable"]["extensions"],
                         "canceling statement due to lock timeout")
        self.assertIn("settings", facts)
        self.assertIn("roles", facts)
        self.assertLess(result.elapsed, 6)


# -- d. secrets --------------------------------------------------------------

class SecretsTest(Base):
    def outputs(self, directory):
        texts = {}
        for path in glob.glob(os.path.join(directory, "**", "*"), recursive=True):
            if os.path.isfile(path) and not path.endswith((".crt", ".key", ".yaml")):
                with open(path, encoding="utf-8", errors="replace") as f:
                    texts[path] = f.read()
        return texts

    def run_everything(self, config, env, out):
        """collect, then audit in every format; returns {where: text}."""
        os.makedirs(out, exist_ok=True)
        texts = {}
        result = run(["collect", "--config", config, "--output", os.path.join(out, "snap.json")],
                     env)
        texts["collect stdout/stderr"] = result.stdout + result.stderr
        reports = ["--report", f"json={out}/r.json", "--report", f"html={out}/r.html",
                   "--report", f"sarif={out}/r.sarif", "--report", f"junit={out}/r.xml",
                   "--report", f"markdown={out}/r.md"]
        audit = run(["audit", "--config", config, "--snapshot-output", f"{out}/audit-snap.json",
                     "--no-color"] + reports, env)
        texts["audit terminal stdout/stderr"] = audit.stdout + audit.stderr
        for fmt in ("json", "html", "sarif", "junit", "markdown"):
            r = run(["audit", "--config", config, "--format", fmt], env)
            texts[f"audit --format {fmt}"] = r.stdout + r.stderr
        texts.update(self.outputs(out))
        self.assertIn(f"{out}/r.html", texts, "the reports were not written")
        return texts

    def test_password_in_dsn_by_reference_appears_nowhere(self):
        pg = self.server()
        standby = pg.make_standby()
        self.addCleanup(standby.close)
        # A standby's primary_conninfo (readable with pg_monitor) may hold a password.
        standby_password = "Pc0nninfo-Leak-Check-77"
        conninfo = (f"host={pg.socket_dir} port={pg.port} user=postgres application_name=standby "
                    f"password={standby_password}")
        standby.sql(f"ALTER SYSTEM SET primary_conninfo = '{conninfo}';")
        standby.reload()
        standby.wait_for("SHOW primary_conninfo", conninfo)

        silent = listening_socket()
        self.addCleanup(silent.close)
        ref = "${env:GOLIVE_TEST_PGPASSWORD}"
        good = {"GOLIVE_TEST_PGPASSWORD": RO_PASSWORD}
        cases = {
            "working": (good, {
                "keywords": {"dsn": pg.dsn("golive_ro", "postgres") + f" password={ref}"},
                "uri": {"dsn": f"postgresql://golive_ro:{ref}@127.0.0.1:{pg.port}/postgres"},
                "replica": {"dsn": standby.dsn("golive_ro", "postgres") + f" password={ref}"}}),
            "wrong-password": ({"GOLIVE_TEST_PGPASSWORD": "Wr0ng-Pw-9dQ4-golive"}, {
                "db": {"dsn": pg.dsn("golive_ro", "postgres") + f" password={ref}"}}),
            "timeout": (good, {"db": {
                "dsn": f"host=127.0.0.1 port={silent.getsockname()[1]} user=golive_ro "
                       f"password={ref}"}}),
            # A password with a space breaks the resolved dsn: libpq's parse
            # error would quote a piece of it.
            "unparseable": ({"GOLIVE_TEST_PGPASSWORD": "Alpha9Frag Bravo7Frag"}, {
                "db": {"dsn": pg.dsn("golive_ro", "postgres") + f" password={ref}"}}),
        }
        for name, (env, targets) in cases.items():
            with self.subTest(case=name):
                directory = os.path.join(self.dir, name)
                os.makedirs(directory)
                config = write_config(directory, targets, timeout="3s")
                texts = self.run_everything(config, env, os.path.join(directory, "out"))
                secrets = [env["GOLIVE_TEST_PGPASSWORD"], standby_password, RO_PASSWORD,
                           "Alpha9Frag", "Bravo7Frag"]
                for where, text in texts.items():
                    self.assertNoSecret(text, where, secrets)
                snapshot = json.loads(texts[os.path.join(directory, "out", "snap.json")])
                status = snapshot["collectors"]["postgres"]
                if name == "working":
                    self.assertEqual(status["status"], "partial", status)  # hba only
                    replica = snapshot["facts"]["postgres"]["replica"]
                    self.assertIn("password=***",
                                  replica["settings"]["primary_conninfo"]["setting"])
                elif name == "wrong-password":
                    self.assertEqual(status["status"], "unauthorized")
                else:
                    self.assertEqual(status["status"], "unreachable", status)
                if name == "unparseable":
                    self.assertIn("dsn is not a libpq connection string", status["error"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
