#!/usr/bin/env python3
"""The live Kubernetes collector over a large cluster: wall time and peak
memory of `golive audit` (built-in rules) against 10,000 replayed objects.

    bench/k8s_list_bench.py build/golive [--objects 10000] [--page-size 500] [--runs 3]

Starts scripts/localservers/kube_api.py on loopback with `objects` synthetic
objects (30% Deployments, 50% Pods, 20% Services, in 20 namespaces, plus
Namespaces and Nodes), writes a token kubeconfig, and times `golive audit
--format json` (median of `runs`). Peak RSS is golive's own, from /usr/bin/time (the
server runs in this process, whose memory a forked child would count). Then, once, `golive
collect` and `golive evaluate` of its snapshot apart, to show which half costs
what. Fails (exit 1) if the collector is not `ok` or did not collect every
object.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "scripts"))

from localservers.kube_api import KubeAPIServer, synthetic_objects, write_kubeconfig  # noqa: E402

TOKEN = "bench-token-not-secret"


def timed(argv, env, stdout_path, stderr_path):
    """(seconds, peak RSS in KiB, exit code) of one golive run. The peak is
    measured by /usr/bin/time: a child forked from this process (which holds
    the replayed objects and parsed results) would count our pages too."""
    usage = stderr_path + ".time"
    started = time.monotonic()
    with open(stdout_path, "w") as stdout, open(stderr_path, "w") as stderr:
        code = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", usage, *argv], stdout=stdout,
                              stderr=stderr, env=env, stdin=subprocess.DEVNULL).returncode
    seconds = time.monotonic() - started
    if code == 2:
        with open(stderr_path) as f:
            raise RuntimeError(f.read())
    with open(usage) as f:
        peak = int(f.read().split()[-1])
    return seconds, peak, code


def breakdown(golive, workdir, env):
    """`golive collect` alone, then `golive evaluate` of its snapshot."""
    config = os.path.join(workdir, "golive.yaml")
    snapshot = os.path.join(workdir, "collected.json")
    err = os.path.join(workdir, "stderr.txt")
    collect = timed([golive, "collect", "--config", config, "--output", snapshot], env, os.devnull, err)
    if collect[2] != 0:  # no snapshot, or a stale one: its figures would mislead
        with open(err) as f:
            raise RuntimeError(f"golive collect exited {collect[2]}: {f.read()}")
    evaluate = timed([golive, "evaluate", "--snapshot", snapshot, "--format", "json"], env,
                     os.devnull, err)
    return collect, evaluate, os.path.getsize(snapshot)


def audit(golive, workdir, env):
    """(seconds, peak RSS in KiB, audit JSON) of one `golive audit`."""
    config = os.path.join(workdir, "golive.yaml")
    snapshot = os.path.join(workdir, "snapshot.json")
    out = os.path.join(workdir, "audit.json")
    seconds, peak, _ = timed([golive, "audit", "--config", config, "--format", "json",
                              "--snapshot-output", snapshot], env, out, os.path.join(workdir, "stderr.txt"))
    with open(out) as f:
        result = json.load(f)
    with open(snapshot) as f:
        facts = json.load(f)["facts"].get("k8s", {})
    return seconds, peak, result, facts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("golive")
    parser.add_argument("--objects", type=int, default=10000)
    parser.add_argument("--page-size", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    golive = os.path.abspath(args.golive)
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(NO_PROXY="*", no_proxy="*")
    objects = synthetic_objects(args.objects)
    with tempfile.TemporaryDirectory(prefix="golive-bench-k8s-") as workdir, \
            KubeAPIServer(objects, token=TOKEN) as api:
        write_kubeconfig(os.path.join(workdir, "kubeconfig.yaml"), api.url, api.ca.cert, {"token": TOKEN})
        with open(os.path.join(workdir, "golive.yaml"), "w") as f:
            f.write("environment: bench\nprofile: production\ndeadline: 5m\ncollectors:\n"
                    "  k8s:\n    timeout: 4m\n    kubeconfig: kubeconfig.yaml\n"
                    f"    page_size: {args.page_size}\n")
        counts = {k: v for k, v in api.counts().items() if k in ("deployments", "pods", "services")}
        times, peaks = [], []
        for run in range(args.runs):
            api.clear_log()
            seconds, peak_kib, result, facts = audit(golive, workdir, env)
            status = result["collectors"]["k8s"]["status"]
            collected = {k: len(facts.get(k, [])) for k in counts}
            if status != "ok" or collected != counts:
                print(f"run {run + 1}: collector {status} "
                      f"({result['collectors']['k8s'].get('error', '')}), collected {collected}, "
                      f"served {counts}", file=sys.stderr)
                return 1
            lists = [e for e in api.requests() if e.get("resource")]
            times.append(seconds)
            peaks.append(peak_kib)
            print(f"run {run + 1}: {seconds:6.2f} s, peak RSS {peak_kib / 1024:7.1f} MiB, "
                  f"{len(lists)} LIST requests, {len(result['findings'])} findings, "
                  f"decision {result.get('decision')}", flush=True)
        (c_sec, c_peak, _), (e_sec, e_peak, _), size = breakdown(golive, workdir, env)
    total = sum(counts.values())
    print(f"{total} objects ({', '.join(f'{v} {k}' for k, v in counts.items())}), page size "
          f"{args.page_size}: median wall {statistics.median(times):.2f} s, "
          f"peak RSS {max(peaks) / 1024:.1f} MiB (max of {args.runs} runs)")
    print(f"  of which: collect {c_sec:.2f} s / {c_peak / 1024:.1f} MiB (snapshot {size / 2**20:.1f} MiB), "
          f"evaluate {e_sec:.2f} s / {e_peak / 1024:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
