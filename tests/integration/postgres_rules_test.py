"""Every built-in PostgreSQL rule passes and fails against real servers.

Three clusters (and two standbys) are configured the way production servers
go right and wrong; a golive audit of each must give the expected status for
every rule it targets, and every rule applying to `postgres.*` must be seen
passing and failing. The servers run on 127.0.0.1 in temporary directories
(tests/integration/golive_run.py, scripts/localservers/postgres.py).
"""

import os
import subprocess
import tempfile
import time
import unittest

from golive_run import Audit, assert_every_rule_seen, production_profile_pack
from localservers.certs import CertificateAuthority
from localservers.postgres import PostgresServer

PASSWORD = "Ro-pw-for-rule-scenarios-7731"
SEEN = {"pass": set(), "fail": set()}

GOOD_SETTINGS = {
    "password_encryption": "scram-sha-256",
    "wal_level": "replica",
    "archive_timeout": 60,
    "log_min_duration_statement": 1000,
    "log_lock_waits": True,
    "log_connections": True,
    "log_disconnections": True,
    "idle_in_transaction_session_timeout": "5min",
    "shared_preload_libraries": "pg_stat_statements",
}

BAD_SETTINGS = {
    "password_encryption": "md5",
    "wal_level": "minimal",
    "max_wal_senders": 0,
    "archive_mode": "off",
    "fsync": False,
    "autovacuum": False,
    "log_connections": False,
    "log_min_duration_statement": -1,
    "log_statement": "all",
    "idle_in_transaction_session_timeout": 0,
    "max_connections": 10,
    "superuser_reserved_connections": 3,
}


def monitoring_role(pg):
    """golive's least-privilege role: pg_monitor, plus pg_hba_file_rules."""
    pg.create_role("golive_ro", password=PASSWORD, member_of=["pg_monitor"])
    pg.sql("GRANT SELECT ON pg_hba_file_rules TO golive_ro;"
           "GRANT EXECUTE ON FUNCTION pg_hba_file_rules() TO golive_ro;")


def target(pg, sslmode, extra=""):
    return f"""
    postgres:
      timeout: 30s
      targets:
        db:
          dsn: "{pg.dsn('golive_ro', 'postgres', sslmode=sslmode)}{extra}"
          password: ${{env:GOLIVE_TEST_PGPASSWORD}}
    """


class Held:
    """Client sessions held open (over TCP, as an application would) while
    golive looks: `SELECT pg_sleep(...)` or an open transaction."""

    def __init__(self, pg, count, sql="SELECT pg_sleep(120);", sslmode="disable"):
        env = {**os.environ, "PGPASSWORD": PASSWORD, "PGSSLMODE": sslmode,
               "PGAPPNAME": "held-session"}
        self.processes = [
            subprocess.Popen([os.path.join(pg.bin_dir, "psql"), "-X", "-q", "-h", pg.host,
                              "-p", str(pg.port), "-U", "golive_ro", "-d", "postgres",
                              "-c", sql], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
            for _ in range(count)]
        pg.wait_for("SELECT count(*) >= %d FROM pg_stat_activity WHERE application_name = "
                    "'held-session'" % count, "t")

    def close(self):
        for p in self.processes:
            p.kill()
            p.wait()


class PostgresRuleScenarios(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="golive-pg-rules-")
        cls.audit = Audit(cls.tmp.name)
        cls.env = {"GOLIVE_TEST_PGPASSWORD": PASSWORD}
        ca = CertificateAuthority(os.path.join(cls.tmp.name, "ca"))
        cls.ca = ca
        cls.server_cert = ca.issue("localhost", sans=["localhost", "127.0.0.1"])

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def expect(self, result, expected):
        self.assertIsNotNone(result.json, result.stderr)
        for rule, status in expected.items():
            with self.subTest(rule=rule):
                self.assertEqual(result.status(rule, "db"), status,
                                 [(f["status"], f["message"]) for f in result.findings(rule)])
                if status in SEEN:
                    SEEN[status].add(rule)

    def test_1_well_configured_primary(self):
        with PostgresServer(name="good", settings=GOOD_SETTINGS, data_checksums=True,
                            archive=True, ssl=(self.server_cert.cert, self.server_cert.key),
                            hba=["hostssl all all 127.0.0.1/32 scram-sha-256"]) as pg:
            monitoring_role(pg)
            pg.sql("CREATE EXTENSION pg_stat_statements;")
            pg.switch_wal()
            pg.wait_for("SELECT archived_count > 0 FROM pg_stat_archiver", "t")
            with pg.make_standby("standby1", slot="standby1"):
                result = self.audit.run(
                    target(pg, "verify-full", f" sslrootcert={self.ca.cert}"), self.env)
        self.assertEqual(result.collector("postgres")["status"], "ok", result.snapshot)
        self.expect(result, {
            "architecture.postgres.streaming-standby": "pass",
            "architecture.postgres.wal-level-replica": "pass",
            "architecture.postgres.wal-sender-headroom": "pass",
            "devops.postgres.no-debug-logging": "pass",
            "devops.postgres.no-pending-restart": "pass",
            "operations.postgres.pg-stat-statements": "pass",
            "operations.postgres.replication-slots-active": "pass",
            "operations.postgres.role-password-expiry": "pass",
            "operations.postgres.slow-query-logging": "pass",
            "operations.postgres.supported-version": "pass",
            "resilience.postgres.archive-timeout": "pass",
            "resilience.postgres.data-checksums": "pass",
            "resilience.postgres.durability-settings": "pass",
            "resilience.postgres.pitr-prerequisites": "pass",
            "resilience.postgres.replication-lag": "pass",
            "resilience.postgres.wal-archiving-healthy": "pass",
            "scalability.postgres.autovacuum-enabled": "pass",
            "scalability.postgres.connection-headroom": "pass",
            "scalability.postgres.idle-in-transaction-timeout": "pass",
            "scalability.postgres.long-transactions": "pass",
            "scalability.postgres.wraparound-age": "pass",
            "security.postgres.clients-use-tls": "pass",
            "security.postgres.hba-strong-auth": "pass",
            "security.postgres.log-connections": "pass",
            "security.postgres.no-superuser-logins": "pass",
            "security.postgres.require-secure-transport": "pass",
            "security.postgres.scram-password-encryption": "pass",
        })

    def test_2_careless_primary(self):
        # What a hurried setup leaves behind: no TLS, md5 and trust, durability
        # off, no WAL for standbys or PITR, debug logging, an application
        # superuser with an expiring password, a change waiting for a restart,
        # too few connections left, and a transaction open for seconds.
        with PostgresServer(name="careless", settings=BAD_SETTINGS,
                            hba=["host all golive_ro 127.0.0.1/32 md5",
                                 "host all all 0.0.0.0/0 trust"]) as pg:
            monitoring_role(pg)
            pg.create_role("odoo", password="odoo-app-pw", superuser=True,
                           options="VALID UNTIL '%s'" % time.strftime(
                               "%Y-%m-%d", time.gmtime(time.time() + 3 * 86400)))
            pg.sql("ALTER SYSTEM SET shared_buffers = '64MB'; SELECT pg_reload_conf();")
            pg.wait_for("SELECT pending_restart FROM pg_settings WHERE name = 'shared_buffers'",
                        "t")
            held = Held(pg, 6, sql="BEGIN; SELECT txid_current(); SELECT pg_sleep(120);")
            try:
                time.sleep(3)  # the held transactions are now older than 2s
                pack = production_profile_pack(os.path.join(self.tmp.name, "tight"),
                                               max_transaction_age="2s", max_xid_age=1,
                                               min_postgres_version_num=160000)
                result = self.audit.run(target(pg, "disable"), self.env,
                                        args=["--rules", pack])
            finally:
                held.close()
        self.assertEqual(result.collector("postgres")["status"], "ok", result.snapshot)
        self.assertEqual(result.code, 1, result.stderr)
        self.expect(result, {
            "architecture.postgres.streaming-standby": "fail",
            "architecture.postgres.wal-level-replica": "fail",
            "architecture.postgres.wal-sender-headroom": "fail",
            "devops.postgres.no-debug-logging": "fail",
            "devops.postgres.no-pending-restart": "fail",
            "operations.postgres.pg-stat-statements": "fail",
            "operations.postgres.role-password-expiry": "fail",
            "operations.postgres.slow-query-logging": "fail",
            "operations.postgres.supported-version": "fail",
            "resilience.postgres.data-checksums": "fail",
            "resilience.postgres.durability-settings": "fail",
            "resilience.postgres.pitr-prerequisites": "fail",
            "scalability.postgres.autovacuum-enabled": "fail",
            "scalability.postgres.connection-headroom": "fail",
            "scalability.postgres.idle-in-transaction-timeout": "fail",
            "scalability.postgres.long-transactions": "fail",
            "scalability.postgres.wraparound-age": "fail",
            "security.postgres.clients-use-tls": "fail",
            "security.postgres.hba-strong-auth": "fail",
            "security.postgres.log-connections": "fail",
            "security.postgres.no-superuser-logins": "fail",
            "security.postgres.require-secure-transport": "fail",
            "security.postgres.scram-password-encryption": "fail",
        })

    def test_3_broken_archiving_and_lagging_standby(self):
        # Archiving configured but failing, no forced segment switch, an
        # abandoned slot, a standby applying WAL late, and no spare sender.
        settings = {"archive_command": "false", "archive_timeout": 0, "max_wal_senders": 2,
                    "wal_keep_size": "256MB"}
        with PostgresServer(name="lagging", settings=settings, archive=True) as pg:
            monitoring_role(pg)
            pg.sql("SELECT pg_create_physical_replication_slot('abandoned', true);")
            with pg.make_standby("standby1", settings={"recovery_min_apply_delay": "10min"}):
                # Replay stops at the first commit younger than the delay;
                # everything written after it is WAL the standby has not applied.
                pg.sql("CREATE TABLE first_commit ();")
                pg.sql("CREATE TABLE filler AS SELECT g, repeat('x', 100) AS pad "
                       "FROM generate_series(1, 600000) g;")
                pg.switch_wal()
                pg.wait_for("SELECT failed_count > 0 FROM pg_stat_archiver", "t")
                pg.wait_for("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) > 67108864 "
                            "FROM pg_stat_replication WHERE application_name = 'standby1'", "t")
                result = self.audit.run(target(pg, "disable"), self.env)
        self.expect(result, {
            "architecture.postgres.wal-sender-headroom": "fail",
            "operations.postgres.replication-slots-active": "fail",
            "resilience.postgres.archive-timeout": "fail",
            "resilience.postgres.replication-lag": "fail",
            "resilience.postgres.wal-archiving-healthy": "fail",
        })

    def test_9_every_postgres_rule_was_seen_passing_and_failing(self):
        assert_every_rule_seen(self, "postgres", SEEN, 25)


if __name__ == "__main__":
    unittest.main(verbosity=2)
