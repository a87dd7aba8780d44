#!/usr/bin/env python3
"""Collectors run concurrently: an audit of two distant endpoints takes about
as long as the slower one alone.

    bench/collector_latency.py build/golive [--delay 0.3] [--runs 3]

Starts a PostgreSQL and a Redis server on loopback, each behind a proxy that
adds `delay` seconds to every server response (bench/latency_proxy.py), and
times `golive audit` of PostgreSQL alone, Redis alone, and both together
(median of `runs`). Target: both <= 1.2 x the slower alone.
"""

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "scripts"))
sys.path.insert(0, HERE)

from latency_proxy import LatencyProxy  # noqa: E402
from localservers.postgres import PostgresServer  # noqa: E402
from localservers.redis import RedisServer  # noqa: E402


def section(name, body):
    return f"  {name}:\n    timeout: 60s\n    targets:\n      {name}-1:\n{body}"


def audit_seconds(golive, workdir, sections, env):
    config = os.path.join(workdir, "golive.yaml")
    with open(config, "w") as f:
        f.write("environment: bench\nprofile: production\ndeadline: 2m\ncollectors:\n")
        f.write("".join(sections))
    started = time.monotonic()
    result = subprocess.run([golive, "audit", "--config", config, "--format", "json",
                             "--output", os.devnull], env=env, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if result.returncode == 2:
        raise RuntimeError(result.stderr)
    return seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("golive")
    parser.add_argument("--delay", type=float, default=0.3)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    password = secrets.token_hex(12)
    env = {**os.environ, "BENCH_PASSWORD": password}
    with tempfile.TemporaryDirectory(prefix="golive-bench-") as workdir, \
            PostgresServer(name="bench") as pg, RedisServer(password=password) as redis, \
            LatencyProxy(pg.port, args.delay) as pg_proxy, \
            LatencyProxy(redis.port, args.delay) as redis_proxy:
        pg.create_role("golive_ro", password=password, member_of=["pg_monitor"])
        postgres = section("postgres",
                           f'        dsn: "host=127.0.0.1 port={pg_proxy.port} dbname=postgres '
                           f'user=golive_ro sslmode=disable"\n'
                           "        password: ${env:BENCH_PASSWORD}\n")
        redis_section = section("redis",
                                f"        url: redis://127.0.0.1:{redis_proxy.port}/0\n"
                                "        role: session\n"
                                "        password: ${env:BENCH_PASSWORD}\n")
        cases = {"postgres alone": [postgres], "redis alone": [redis_section],
                 "both together": [postgres, redis_section]}
        times = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, sections in cases.items():
                times[name].append(audit_seconds(args.golive, workdir, sections, env))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"{name:<16} {value:6.2f} s   (runs: {', '.join(f'{t:.2f}' for t in times[name])})")
    slower = max(medians["postgres alone"], medians["redis alone"])
    ratio = medians["both together"] / slower
    print(f"both / slower alone = {ratio:.2f} (target <= 1.20), added delay {args.delay * 1000:.0f} ms "
          f"per response")
    return 0 if ratio <= 1.2 else 1


if __name__ == "__main__":
    sys.exit(main())
