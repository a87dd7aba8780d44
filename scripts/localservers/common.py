"""What every throw-away server needs: a free loopback port, a temporary
directory the server's user owns, and a way to run it unprivileged.

PostgreSQL refuses to run as root and Redis should not: when the tests run as
root (CI does), servers run as `nobody` through setpriv, in a directory owned
by nobody.
"""

import os
import pwd
import shutil
import socket
import tempfile
import time

LOOPBACK = "127.0.0.1"


def free_port():
    """A TCP port free on 127.0.0.1 right now (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def running_as_root():
    return os.geteuid() == 0


def unprivileged_user():
    """(uid, gid) the servers run as: nobody when we are root, else ourselves."""
    if not running_as_root():
        return os.getuid(), os.getgid()
    entry = pwd.getpwnam("nobody")
    return entry.pw_uid, entry.pw_gid


def unprivileged_prefix():
    """Command prefix that drops root for the server process (empty otherwise)."""
    if not running_as_root():
        return []
    uid, gid = unprivileged_user()
    return ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--"]


def make_workdir(prefix, workdir=None):
    """A fresh directory the server's user owns; (path, created_by_us)."""
    created = workdir is None
    path = tempfile.mkdtemp(prefix=prefix) if created else workdir
    os.makedirs(path, exist_ok=True)
    give_to_server_user(path)
    return path, created


def give_to_server_user(path, mode=None):
    """Lets the unprivileged server user own (and read) `path`."""
    if mode is not None:
        os.chmod(path, mode)
    if running_as_root():
        uid, gid = unprivileged_user()
        os.chown(path, uid, gid)


def copy_for_server(source, directory, name=None, mode=0o600):
    """Copies a file (a key, a certificate) where the server's user can read it."""
    target = os.path.join(directory, name or os.path.basename(source))
    shutil.copyfile(source, target)
    give_to_server_user(target, mode)
    return target


def remove_tree(path):
    shutil.rmtree(path, ignore_errors=True)


def wait_until(predicate, timeout, interval=0.02, what="the server"):
    """Polls predicate() until it returns something true; raises on timeout."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception as e:  # noqa: BLE001 - keep polling, report the last one
            last_error = e
        time.sleep(interval)
    raise TimeoutError(f"{what} not ready within {timeout}s"
                       + (f" (last error: {last_error})" if last_error else ""))


def listening_socket():
    """A socket on 127.0.0.1 that accepts connections and never answers
    (for timeout tests); close it when done."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((LOOPBACK, 0))
    sock.listen(16)
    return sock

