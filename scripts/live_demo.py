#!/usr/bin/env python3
"""The README's demo: a live audit of the retail demo environment, every
collector but Kubernetes reading a real source.

    scripts/live_demo.py build/golive out

Starts on 127.0.0.1, and stops and deletes afterwards:
- a PostgreSQL cluster and a Redis server (Debian packages, temporary
  directories, an unprivileged user when run as root), set up the way the
  retail platform's Odoo database and session store are;
- a Traefik API (HTTPS, basic auth) that serves the retail platform's
  recorded routers, services, middlewares and entrypoints, and whose
  certificate stands in for the public hosts' (the certificate probe reads it);
- an Odoo web front whose database manager is disabled, as in production.
Odoo's configuration is examples/retail-demo/odoo.conf, the attestations
declared.yaml, Azure the resource group's export; Kubernetes comes from the
recorded snapshot. Writes out/live-demo/golive.yaml and runs `golive audit`
with every report format. Passwords are generated for this run and given to
golive through ${env:...} references only.

Exit code: golive's, once golive has run; it is also written to
out/live-demo/audit-exit-code, so that a caller that removed the file
beforehand (scripts/demo.sh) can tell golive's decision from a failure of
this harness. A harness failure (a server that did not
start, a missing or broken data file, ...) prints its cause on stderr and
exits HARNESS_FAILED, which no golive run returns.
"""

import contextlib
import json
import os
import secrets
import subprocess
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from localservers.certs import CertificateAuthority  # noqa: E402
from localservers.odoo_web import OdooWeb  # noqa: E402
from localservers.postgres import PostgresServer  # noqa: E402
from localservers.redis import RedisServer  # noqa: E402
from localservers.traefik_api import TraefikServer  # noqa: E402

DEMO = os.path.join(SOURCE, "examples", "retail-demo")
HARNESS_FAILED = 125
EXIT_CODE_FILE = "audit-exit-code"

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
# Written by scripts/live_demo.py: PostgreSQL, Redis, Traefik's API and Odoo
# are probed live on loopback; Azure comes from the demo's resource export,
# Odoo's configuration from odoo.conf, the attestations from declared.yaml and
# Kubernetes from the recorded snapshot.
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
    keys: [k8s]
    timeout: 10s
  declared:
    file: {declared}
  odoo:
    config_file: {odoo_conf}
    url: {odoo_url}
    timeout: 10s
  traefik:
    url: {traefik_url}
    basic_auth:
      username: golive
      password: ${{env:GOLIVE_DEMO_TRAEFIK_PASSWORD}}
    ca_file: {traefik_ca}
    public_hosts: [localhost:{traefik_port}]
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


def traefik_api(password):
    """Traefik's API serving the retail platform's recorded configuration."""
    with open(os.path.join(DEMO, "snapshot.json")) as f:
        recorded = json.load(f)["facts"]["traefik"]
    api = TraefikServer(version="v3", username="golive", password=password, cert_days=90)
    api.set_object("/api/version", recorded["version"])
    for key, path in (("entrypoints", "/api/entrypoints"), ("routers", "/api/http/routers"),
                      ("services", "/api/http/services"),
                      ("middlewares", "/api/http/middlewares")):
        api.set_list(path, recorded[key])
    for path in ("/api/tcp/routers", "/api/tcp/services", "/api/tcp/middlewares",
                 "/api/udp/routers", "/api/udp/services"):
        api.set_list(path, [])
    return api


def main():
    golive, out = sys.argv[1], sys.argv[2]
    workdir = os.path.abspath(os.path.join(out, "live-demo"))
    os.makedirs(workdir, exist_ok=True)
    exit_code_file = os.path.join(workdir, EXIT_CODE_FILE)
    pg_password, redis_password = secrets.token_urlsafe(18), secrets.token_urlsafe(18)
    traefik_password = secrets.token_urlsafe(18)
    ca = CertificateAuthority(os.path.join(workdir, "pki"), "golive demo CA")
    certificate = ca.issue("localhost", sans=["localhost", "127.0.0.1"])
    print("Starting PostgreSQL, Redis, Traefik's API and Odoo on 127.0.0.1 ...", flush=True)
    # Every server started is stopped, whatever fails after it.
    with contextlib.ExitStack() as running:
        pg = start_postgres(certificate, pg_password)
        running.callback(pg.close)
        traefik = running.enter_context(traefik_api(traefik_password))
        odoo = running.enter_context(OdooWeb(manager="disabled", version="18.0"))
        tls = {"cert": certificate.cert, "key": certificate.key, "ca": ca.cert}
        redis = running.enter_context(RedisServer(config=REDIS_CONFIG, tls=tls, plain=False,
                                                  password=redis_password))
        config = os.path.join(workdir, "golive.yaml")
        with open(config, "w") as f:
            f.write(CONFIG.format(
                waivers=os.path.join(DEMO, "waivers.yaml"),
                snapshot=os.path.join(DEMO, "snapshot.json"),
                azure_export=os.path.join(DEMO, "azure-export.json"),
                dsn=pg.dsn("golive_ro", "odoo", sslmode="verify-full",
                           sslrootcert=ca.cert),
                redis_url=redis.tls_url("localhost"), ca=ca.cert,
                declared=os.path.join(DEMO, "declared.yaml"),
                odoo_conf=os.path.join(DEMO, "odoo.conf"), odoo_url=odoo.url,
                traefik_url=traefik.url, traefik_ca=traefik.ca.cert,
                traefik_port=traefik.port))
        reports = [f"{fmt}={os.path.join(out, 'retail-demo' + ext)}" for fmt, ext in
                   (("json", ".json"), ("html", ".html"), ("sarif", ".sarif"),
                    ("junit", ".xml"), ("markdown", ".md"))]
        argv = [golive, "audit", "--config", config,
                "--snapshot-output", os.path.join(out, "retail-demo-snapshot.json")]
        for report in reports:
            argv += ["--report", report]
        env = {**os.environ, "GOLIVE_DEMO_PG_PASSWORD": pg_password,
               "GOLIVE_DEMO_REDIS_PASSWORD": redis_password,
               "GOLIVE_DEMO_TRAEFIK_PASSWORD": traefik_password}
        code = subprocess.run(argv, env=env).returncode
        with open(exit_code_file, "w") as f:
            f.write(f"{code}\n")
    return code


def run():
    try:
        return main()
    except KeyboardInterrupt:
        print("golive demo: interrupted", file=sys.stderr)
        return HARNESS_FAILED
    except Exception as error:  # noqa: BLE001 - any failure of the harness
        traceback.print_exc()
        print(f"golive demo: the demo harness failed: {error}", file=sys.stderr)
        return HARNESS_FAILED


if __name__ == "__main__":
    sys.exit(run())
