"""Throw-away PostgreSQL and Redis servers on loopback, in temporary directories,
and a Kubernetes API server replaying objects (kube_api.py, in-process).

Used by the integration tests (tests/integration/) and by the demo
(scripts/demo.sh). Servers run as an unprivileged user when golive's tests run
as root (CI does), bind 127.0.0.1 on a free port, and are stopped and deleted
on exit.
"""
