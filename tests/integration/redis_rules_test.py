"""Every built-in Redis rule passes and fails against real servers.

Well-kept and careless Redis servers (plain and TLS, primaries, replicas, a
cache) are audited together; each rule must give the expected status on each
target, and every rule applying to `redis.*` must be seen passing and
failing. Servers run on 127.0.0.1 in temporary directories
(tests/integration/golive_run.py, scripts/localservers/redis.py).
"""

import os
import socket
import subprocess
import tempfile
import unittest

from golive_run import Audit, assert_every_rule_seen, production_profile_pack
from localservers import common
from localservers.certs import CertificateAuthority
from localservers.redis import RedisServer

PASSWORD = "Redis-pw-for-rule-scenarios-4410"
SEEN = {"pass": set(), "fail": set()}

# Keys of 100 bytes each: enough data (> 64 MiB) for fragmentation to be judged.
POPULATE = ("DEBUG", "POPULATE", "800000", "key", "100")
# Frees two keys out of three, scattered over every page: the memory stays
# with the process (fragmentation), as after sessions expire.
FRAGMENT = ("EVAL", "for i = 0, tonumber(ARGV[1]) - 1 do "
                    "if i % 3 ~= 0 then redis.call('DEL', 'key:' .. i) end end return 1",
            "0", "1200000")


def target(name, url, role, password=True, ca=None):
    lines = [f"{name}:", f"  url: {url}", f"  role: {role}"]
    if password:
        lines.append("  password: ${env:GOLIVE_TEST_REDIS_PASSWORD}")
    if ca:
        lines.append(f"  ca_file: {ca}")
    return "\n".join(lines)


def redis_section(*targets):
    body = "\n".join("    " + line for t in targets for line in t.splitlines())
    return "redis:\n  timeout: 30s\n  targets:\n" + body + "\n"


class AdHocRedis:
    """redis-server started from command-line flags only, with no
    configuration file — as a hand-run container would be."""

    def __init__(self):
        self.dir, _ = common.make_workdir("golive-redis-adhoc-")
        self.port = common.free_port()
        self.process = subprocess.Popen(
            common.unprivileged_prefix() + ["redis-server", "--port", str(self.port), "--bind",
                                            "127.0.0.1", "--save", "", "--dir", self.dir,
                                            "--requirepass", PASSWORD],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        common.wait_until(self._ready, 10, what="redis-server")

    def _ready(self):
        with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return bool(s.recv(64))

    def close(self):
        self.process.terminate()
        self.process.wait(10)
        common.remove_tree(self.dir)


class RedisRuleScenarios(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="golive-redis-rules-")
        cls.audit = Audit(cls.tmp.name)
        cls.env = {"GOLIVE_TEST_REDIS_PASSWORD": PASSWORD}
        cls.ca = CertificateAuthority(os.path.join(cls.tmp.name, "ca"))
        cls.server_cert = cls.ca.issue("localhost", sans=["localhost", "127.0.0.1"])

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def expect(self, result, resource, expected):
        self.assertIsNotNone(result.json, result.stderr)
        for rule, status in expected.items():
            with self.subTest(rule=rule, resource=resource):
                self.assertEqual(result.status(rule, resource), status,
                                 [(f["resource"], f["status"], f["message"])
                                  for f in result.findings(rule)])
                if status in SEEN:
                    SEEN[status].add(rule)

    def test_1_well_kept_servers(self):
        tls = {"cert": self.server_cert.cert, "key": self.server_cert.key, "ca": self.ca.cert}
        sessions_config = {"appendonly": True, "maxmemory": "512mb",
                           "maxmemory-policy": "noeviction", "enable-debug-command": "yes"}
        cache_config = {"maxmemory": "64mb", "maxmemory-policy": "allkeys-lru", "save": ""}
        with RedisServer(config=sessions_config, tls=tls, plain=False,
                         password=PASSWORD) as sessions, \
                RedisServer(config=cache_config, tls=tls, plain=False,
                            password=PASSWORD) as cache:
            replica = sessions.make_replica(password=PASSWORD)
            sessions.command(*POPULATE)
            result = self.audit.run(redis_section(
                target("sessions", sessions.tls_url("localhost"), "session", ca=self.ca.cert),
                target("sessions-replica", replica.tls_url("localhost"), "session",
                       ca=self.ca.cert),
                target("cache", cache.tls_url("localhost"), "cache", ca=self.ca.cert)), self.env)
        self.assertEqual(result.collector("redis")["status"], "ok", result.snapshot)
        self.expect(result, "sessions", {
            "architecture.redis.replicated-for-persistent-roles": "pass",
            "devops.redis.config-file-managed": "pass",
            "operations.redis.supported-version": "pass",
            "resilience.redis.eviction-policy-fits-role": "pass",
            "resilience.redis.persistence-fits-role": "pass",
            "resilience.redis.persistence-healthy": "pass",
            "scalability.redis.client-headroom": "pass",
            "scalability.redis.memory-fragmentation": "pass",
            "scalability.redis.memory-headroom": "pass",
            "scalability.redis.no-evictions": "pass",
            "scalability.redis.no-rejected-connections": "pass",
            "security.redis.auth-required": "pass",
            "security.redis.protected-mode": "pass",
            "security.redis.tls-only": "pass",
        })
        self.expect(result, "sessions-replica", {"resilience.redis.replication-link-up": "pass"})
        self.expect(result, "cache", {"scalability.redis.cache-evicts": "pass"})

    def test_2_careless_servers(self):
        # A data directory the server (its own user) can enter but not write.
        readonly_dir, _ = common.make_workdir("golive-redis-readonly-")
        os.chmod(readonly_dir, 0o555)
        sessions_config = {"protected-mode": "no", "appendonly": "no", "save": "",
                           "maxmemory": "2mb", "maxmemory-policy": "allkeys-lru",
                           "maxclients": 10, "dir": readonly_dir}
        cache_config = {"maxmemory": 0, "maxmemory-policy": "noeviction", "save": "",
                        "enable-debug-command": "yes"}
        adhoc = AdHocRedis()
        held = []
        try:
            with RedisServer(config=sessions_config) as sessions, \
                    RedisServer(config=cache_config, password=PASSWORD) as cache, \
                    RedisServer(config={"replicaof": f"127.0.0.1 {common.free_port()}"},
                                password=PASSWORD) as orphan:
                # ~3 MB of sessions into 2 MB: evictions.
                sessions.command("EVAL", "for i = 1, 3000 do redis.call('SET', 'session:' .. i, "
                                 "string.rep('x', 1000)) end return 1", "0")
                sessions.command("BGSAVE")  # into a directory it cannot write
                common.wait_until(lambda: sessions.info("persistence")["persistence"]
                                  ["rdb_bgsave_in_progress"] in (0, "0"), 10)
                # maxclients 10: the eleventh connection is refused; eight stay.
                for _ in range(11):
                    s = socket.create_connection(("127.0.0.1", sessions.port))
                    s.sendall(b"PING\r\n")
                    s.recv(256)
                    held.append(s)
                for s in held[8:]:
                    s.close()
                del held[8:]
                cache.command("DEBUG", "POPULATE", "1200000", "key", "200")
                cache.command(*FRAGMENT)
                pack = production_profile_pack(os.path.join(self.tmp.name, "tight"),
                                               min_redis_version="7.2.0")
                result = self.audit.run(redis_section(
                    target("sessions", sessions.url, "session", password=False),
                    target("cache", cache.url, "cache"),
                    target("orphan", orphan.url, "session"),
                    target("adhoc", f"redis://127.0.0.1:{adhoc.port}/0", "queue")),
                    self.env, args=["--rules", pack])
        finally:
            for s in held:
                s.close()
            adhoc.close()
            common.remove_tree(readonly_dir)
        self.assertIn(result.code, (1, 3), result.stderr)
        self.expect(result, "sessions", {
            "architecture.redis.replicated-for-persistent-roles": "fail",
            "operations.redis.supported-version": "fail",
            "resilience.redis.eviction-policy-fits-role": "fail",
            "resilience.redis.persistence-fits-role": "fail",
            "resilience.redis.persistence-healthy": "fail",
            "scalability.redis.client-headroom": "fail",
            "scalability.redis.memory-headroom": "fail",
            "scalability.redis.no-evictions": "fail",
            "scalability.redis.no-rejected-connections": "fail",
            "security.redis.auth-required": "fail",
            "security.redis.protected-mode": "fail",
            "security.redis.tls-only": "fail",
        })
        self.expect(result, "cache", {
            "scalability.redis.cache-evicts": "fail",
            "scalability.redis.memory-fragmentation": "fail",
        })
        self.expect(result, "orphan", {"resilience.redis.replication-link-up": "fail"})
        self.expect(result, "adhoc", {"devops.redis.config-file-managed": "fail"})

    def test_9_every_redis_rule_was_seen_passing_and_failing(self):
        assert_every_rule_seen(self, "redis", SEEN, 15)


if __name__ == "__main__":
    unittest.main(verbosity=2)
