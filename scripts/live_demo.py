#!/usr/bin/env python3
"""The README's demo: a live audit of a local PostgreSQL and Redis, together
with the recorded facts of the retail demo environment's other systems.

    scripts/live_demo.py build/golive out

Starts a PostgreSQL cluster and a Redis server on 127.0.0.1 (Debian packages,
temporary directories, an unprivileged user when run as root), set up the
way the retail platform's Odoo database and session store are, writes
out/live-demo/golive.yaml, runs `golive audit` with every report format, and
stops and deletes the servers. Passwords are generated for this run and given
to golive through ${env:...} references only. Exit code: golive's.
"""

import os
import secrets
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from localservers.certs import CertificateAuthority  # noqa: E402
from localservers.postgres import PostgresServer  # noqa: E402
from localservers.redis import RedisServer  # noqa: E402

DEMO = os.path.join(SOURCE, "examples", "retail-demo")

# Like the Azure flexible server the demo environment describes, minus what a
# single local cluster cannot be: it has no standby (a finding).
POSTGRES_SETTINGS = {
    "password_encryption": "scram-sha-256",
    "archive_timeout": 300,
    "log_min_duration_statement": 1000,
    "log_lock_waits": True,
    "log_connections": True,
    "log_disconnections": True,
    "idle_in_transaction_session_timeout": "10min",
    "shared_preload_libraries": "pg_stat_statements",
    "max_connections": 200,
}

# The session store: persistence on, no eviction, password, TLS only.
REDIS_CONFIG = {"appendonly": True, "maxmemory": "256mb", "maxmemory-policy": "noeviction"}

CONFIG = """\
# Written by scripts/live_demo.py: PostgreSQL and Redis are probed live on
# loopback, Azure from the demo's resource export; the retail demo's other
# systems come from its recorded snapshot.
environment: retail-prod
profile: production
deadline: 1m
waivers: {waivers}
collectors:
  azure:
    exports: [{azure_export}]
    timeout: 10s
  files:
    paths: [{snapshot}]
    keys: [k8s, traefik, odoo, declared]
    timeout: 10s
  postgres:
    timeout: 20s
    targets:
      odoo-db:
        dsn: "{dsn}"
        password: ${{env:GOLIVE_DEMO_PG_PASSWORD}}
  redis:
    timeout: 10s
    targets:
      odoo-cache:
        url: {redis_url}
        role: session
        password: ${{env:GOLIVE_DEMO_REDIS_PASSWORD}}
        ca_file: {ca}
"""


def start_postgres(certificate, password):
    pg = PostgresServer(name="odoo-db", settings=POSTGRES_SETTINGS,
                        data_checksums=True, archive=True,
                        ssl=(certificate.cert, certificate.key),
                        hba=["hostssl all all 127.0.0.1/32 scram-sha-256"])
    pg.create_role("golive_ro", password=password, member_of=["pg_monitor"])
    pg.create_role("odoo", password=secrets.token_hex(12), options="CREATEDB")
    pg.sql("CREATE DATABASE odoo OWNER odoo;")
    pg.sql("CREATE EXTENSION pg_stat_statements;", db="odoo")
    # pg_hba.conf is superuser-only by default; a catalog view's grant is
    # per database, so in the database golive connects to.
    pg.sql("GRANT SELECT ON pg_hba_file_rules TO golive_ro;"
           "GRANT EXECUTE ON FUNCTION pg_hba_file_rules() TO golive_ro;", db="odoo")
    pg.switch_wal()
    return pg


def main():
    golive, out = sys.argv[1], sys.argv[2]
    workdir = os.path.abspath(os.path.join(out, "live-demo"))
    os.makedirs(workdir, exist_ok=True)
    pg_password, redis_password = secrets.token_urlsafe(18), secrets.token_urlsafe(18)
    ca = CertificateAuthority(os.path.join(workdir, "pki"), "golive demo CA")
    certificate = ca.issue("localhost", sans=["localhost", "127.0.0.1"])
    print("Starting PostgreSQL and Redis on 127.0.0.1 ...", flush=True)
    pg = start_postgres(certificate, pg_password)
    try:
        tls = {"cert": certificate.cert, "key": certificate.key, "ca": ca.cert}
        with RedisServer(config=REDIS_CONFIG, tls=tls, plain=False,
                         password=redis_password) as redis:
            config = os.path.join(workdir, "golive.yaml")
            with open(config, "w") as f:
                f.write(CONFIG.format(
                    waivers=os.path.join(DEMO, "waivers.yaml"),
                    snapshot=os.path.join(DEMO, "snapshot.json"),
                    azure_export=os.path.join(DEMO, "azure-export.json"),
                    dsn=pg.dsn("golive_ro", "odoo", sslmode="verify-full",
                               sslrootcert=ca.cert),
                    redis_url=redis.tls_url("localhost"), ca=ca.cert))
            reports = [f"{fmt}={os.path.join(out, 'retail-demo' + ext)}" for fmt, ext in
                       (("json", ".json"), ("html", ".html"), ("sarif", ".sarif"),
                        ("junit", ".xml"), ("markdown", ".md"))]
            argv = [golive, "audit", "--config", config,
                    "--snapshot-output", os.path.join(out, "retail-demo-snapshot.json")]
            for report in reports:
                argv += ["--report", report]
            env = {**os.environ, "GOLIVE_DEMO_PG_PASSWORD": pg_password,
                   "GOLIVE_DEMO_REDIS_PASSWORD": redis_password}
            return subprocess.run(argv, env=env).returncode
    finally:
        pg.close()


if __name__ == "__main__":
    sys.exit(main())
