#!/usr/bin/env python3
"""The README's demo: a live audit of a retail example environment, every
collector but Azure and Kubernetes reading a real source.

    scripts/live_demo.py build/golive out [--example retail-demo|retail-reference]

retail-demo (the default) is the platform one week before go-live, with its
planted gaps; retail-reference is the same platform built the way a careful
team builds it (examples/retail-reference/README.md), whose audit must come
out GO.

Starts on 127.0.0.1, and stops and deletes afterwards:
- a PostgreSQL cluster and a Redis server (Debian packages, temporary
  directories, an unprivileged user when run as root), set up the way the
  retail platform's Odoo database and session store are;
- a Traefik API (HTTPS, basic auth) that serves the retail platform's
  recorded routers, services, middlewares and entrypoints, and whose
  certificate stands in for the public hosts' (the certificate probe reads it);
- an Odoo web front whose database manager is disabled, as in production.
The example's own golive.yaml says where Azure, Kubernetes, odoo.conf and the
attestations come from; this script adds the live collectors to it (the
PostgreSQL and Redis targets linked to their Azure resources with
`azure_resource`, as their host names are loopback ones). Writes
out/live-<example>/golive.yaml and runs `golive audit` with every report
format (out/<example>.html, ...). Passwords are generated for this run and given to
golive through ${env:...} references only.

Exit code: golive's, once golive has run; it is also written to
out/live-demo/audit-exit-code, so that a caller that removed the file
beforehand (scripts/demo.sh) can tell golive's decision from a failure of
this harness. A harness failure (a server that did not
start, a missing or broken data file, ...) prints its cause on stderr and
exits HARNESS_FAILED, which no golive run returns.
"""

import argparse
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

import yaml  # noqa: E402  (Debian's python3-yaml)

EXAMPLES = os.path.join(SOURCE, "examples")
# What differs between the examples' live servers.
LIVE = {
    # The demo's monitoring role may read pg_hba.conf (a self-managed habit).
    "retail-demo": {"hba_readable": True, "postgres": {}},
    # The reference's reads PostgreSQL as on Azure: pg_hba.conf is not readable,
    # what ARM says of the server stands in for it; its connection limits are
    # the flexible server's (max_connections 1000, 10 reserved for superusers).
    "retail-reference": {"hba_readable": False,
                         "postgres": {"max_connections": 1000, "superuser_reserved_connections": 10}},
}
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

def live_config(example_dir, workdir, servers):
    """The example's golive.yaml, paths made absolute, with the live collectors."""
    with open(os.path.join(example_dir, "golive.yaml")) as f:
        config = yaml.safe_load(f)

    def absolute(path):
        return path if os.path.isabs(path) else os.path.join(example_dir, path)

    config["waivers"] = absolute(config["waivers"])
    collectors = config["collectors"]
    if "azure" in collectors:
        collectors["azure"]["exports"] = [absolute(p) for p in collectors["azure"]["exports"]]
    if "files" in collectors:  # recorded facts: only what is not probed live
        collectors["files"]["paths"] = [absolute(p) for p in collectors["files"]["paths"]]
        collectors["files"]["keys"] = ["k8s"]
    if "k8s" in collectors:
        collectors["k8s"]["manifests"] = [absolute(p) for p in collectors["k8s"]["manifests"]]
    collectors["declared"]["file"] = absolute(collectors["declared"]["file"])
    odoo_conf = collectors.get("odoo", {}).get("config_file", "odoo.conf")
    collectors["odoo"] = {"config_file": absolute(odoo_conf), "url": servers["odoo_url"],
                          "timeout": "10s"}
    collectors["traefik"] = {
        "url": servers["traefik_url"],
        "basic_auth": {"username": "golive", "password": "${env:GOLIVE_DEMO_TRAEFIK_PASSWORD}"},
        "ca_file": servers["traefik_ca"],
        "public_hosts": [f"localhost:{servers['traefik_port']}"],
        "timeout": "10s"}
    collectors["postgres"] = {"timeout": "20s", "targets": {"odoo-db": {
        "dsn": servers["dsn"], "password": "${env:GOLIVE_DEMO_PG_PASSWORD}",
        "azure_resource": "psql-retail-prod"}}}
    collectors["redis"] = {"timeout": "10s", "targets": {"odoo-cache": {
        "url": servers["redis_url"], "role": "session",
        "password": "${env:GOLIVE_DEMO_REDIS_PASSWORD}", "ca_file": servers["ca"],
        "azure_resource": "redis-retail-prod"}}}
    header = ("# Written by scripts/live_demo.py from " + os.path.join(example_dir, "golive.yaml") +
              ": PostgreSQL, Redis,\n# Traefik's API and Odoo are probed live on loopback.\n")
    return header + yaml.safe_dump(config, sort_keys=False)


def start_postgres(certificate, password, live):
    hba_readable = live["hba_readable"]
    pg = PostgresServer(name="odoo-db", settings={**POSTGRES_SETTINGS, **live["postgres"]},
                        data_checksums=True, archive=True,
                        ssl=(certificate.cert, certificate.key),
                        hba=["hostssl all all 127.0.0.1/32 scram-sha-256"])
    pg.create_role("golive_ro", password=password, member_of=["pg_monitor"])
    pg.create_role("odoo", password=secrets.token_hex(12), options="CREATEDB")
    pg.sql("CREATE DATABASE odoo OWNER odoo;")
    pg.sql("CREATE EXTENSION pg_stat_statements;", db="odoo")
    # pg_hba.conf is superuser-only by default; a catalog view's grant is
    # per database, so in the database golive connects to.
    if hba_readable:
        pg.sql("GRANT SELECT ON pg_hba_file_rules TO golive_ro;"
               "GRANT EXECUTE ON FUNCTION pg_hba_file_rules() TO golive_ro;", db="odoo")
    pg.switch_wal()
    return pg


def recorded_traefik(example_dir):
    """The example's Traefik API answers: traefik-api/<key>.json, else the
    traefik facts of its recorded snapshot."""
    api_dir = os.path.join(example_dir, "traefik-api")
    if os.path.isdir(api_dir):
        recorded = {}
        for key in ("version", "entrypoints", "routers", "services", "middlewares"):
            with open(os.path.join(api_dir, key + ".json")) as f:
                recorded[key] = json.load(f)
        return recorded
    with open(os.path.join(example_dir, "snapshot.json")) as f:
        return json.load(f)["facts"]["traefik"]


def traefik_api(example_dir, password):
    """Traefik's API serving the example platform's recorded configuration."""
    recorded = recorded_traefik(example_dir)
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
    parser = argparse.ArgumentParser(description="Live audit of a retail example environment")
    parser.add_argument("golive")
    parser.add_argument("out")
    parser.add_argument("--example", default="retail-demo", choices=sorted(LIVE))
    args = parser.parse_args()
    golive, out, example = args.golive, args.out, args.example
    example_dir = os.path.join(EXAMPLES, example)
    live = LIVE[example]
    workdir = os.path.abspath(os.path.join(
        out, "live-demo" if example == "retail-demo" else "live-" + example))
    os.makedirs(workdir, exist_ok=True)
    exit_code_file = os.path.join(workdir, EXIT_CODE_FILE)
    pg_password, redis_password = secrets.token_urlsafe(18), secrets.token_urlsafe(18)
    traefik_password = secrets.token_urlsafe(18)
    ca = CertificateAuthority(os.path.join(workdir, "pki"), "golive demo CA")
    certificate = ca.issue("localhost", sans=["localhost", "127.0.0.1"])
    print("Starting PostgreSQL, Redis, Traefik's API and Odoo on 127.0.0.1 ...", flush=True)
    # Every server started is stopped, whatever fails after it.
    with contextlib.ExitStack() as running:
        pg = start_postgres(certificate, pg_password, live)
        running.callback(pg.close)
        traefik = running.enter_context(traefik_api(example_dir, traefik_password))
        odoo = running.enter_context(OdooWeb(manager="disabled", version="18.0"))
        tls = {"cert": certificate.cert, "key": certificate.key, "ca": ca.cert}
        redis = running.enter_context(RedisServer(config=REDIS_CONFIG, tls=tls, plain=False,
                                                  password=redis_password))
        config = os.path.join(workdir, "golive.yaml")
        with open(config, "w") as f:
            f.write(live_config(example_dir, workdir, {
                "dsn": pg.dsn("golive_ro", "odoo", sslmode="verify-full", sslrootcert=ca.cert),
                "redis_url": redis.tls_url("localhost"), "ca": ca.cert,
                "odoo_url": odoo.url, "traefik_url": traefik.url,
                "traefik_ca": traefik.ca.cert, "traefik_port": traefik.port}))
        reports = [f"{fmt}={os.path.join(out, example + ext)}" for fmt, ext in
                   (("json", ".json"), ("html", ".html"), ("sarif", ".sarif"),
                    ("junit", ".xml"), ("markdown", ".md"))]
        argv = [golive, "audit", "--config", config,
                "--snapshot-output", os.path.join(out, example + "-snapshot.json")]
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
