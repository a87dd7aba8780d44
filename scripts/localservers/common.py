"""What every throw-away server needs: a free loopback port, a temporary
directory the server's user owns, and a way to run it unprivileged; for the
replayed HTTPS APIs (arm_api, kube_api), their TLS server and its start/stop.

PostgreSQL refuses to run as root and Redis should not: when the tests run as
root (CI does), servers run as `nobody` through setpriv, in a directory owned
by nobody.
"""

import http.server
import os
import pwd
import shutil
import socket
import socketserver
import ssl
import tempfile
import threading
import time
import warnings

LOOPBACK = "127.0.0.1"


def test_data(*parts):
    """A path under tests/data (real API payloads and peer test suites, kept
    in the repository with their licences); a missing one is an error that
    names it, never an empty replay."""
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(os.path.dirname(os.path.dirname(here)), "tests", "data", *parts)
    if not os.path.exists(path):
        raise FileNotFoundError(f"test data missing: {path} (tests/data is part of the "
                                "repository; restore it with git checkout)")
    return path


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



def tls_server_context(certificate, client_ca=None, alpn=None, versions=None):
    """A TLS 1.2+ server context presenting `certificate` (certs.Certificate);
    with `client_ca`, client certificates it signed are asked for (optional).
    `versions` = (minimum, maximum) names of ssl.TLSVersion ("TLSv1",
    "TLSv1_3", None for no maximum) instead; below TLS 1.2, at OpenSSL
    security level 0, without which Debian's OpenSSL refuses 1.0 and 1.1."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if versions:
        with warnings.catch_warnings():  # TLSv1 and TLSv1_1 are deprecated: that is the point
            warnings.simplefilter("ignore", DeprecationWarning)
            context.minimum_version = getattr(ssl.TLSVersion, versions[0])
            if versions[1]:
                context.maximum_version = getattr(ssl.TLSVersion, versions[1])
        if context.minimum_version < ssl.TLSVersion.TLSv1_2:
            context.set_ciphers("DEFAULT:@SECLEVEL=0")
    context.load_cert_chain(certificate.cert, certificate.key)
    if alpn:
        context.set_alpn_protocols(alpn)
    if client_ca:
        context.verify_mode = ssl.CERT_OPTIONAL
        context.load_verify_locations(client_ca)
    return context


class ThreadingTLSServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    """HTTPS on a free loopback port, a thread a connection; the handler does
    the TLS handshake (a client that stalls in it holds only its own thread).
    Without a `context`, plain HTTP (a front that is not asked for TLS)."""
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, handler, context):
        super().__init__((LOOPBACK, 0), handler)
        if context is not None:
            self.socket = context.wrap_socket(self.socket, server_side=True,
                                              do_handshake_on_connect=False)


class ReplayServer(ThreadingTLSServer):
    """The ThreadingTLSServer of a replayed API: `owner` (the service) serves
    every request; errors of clients that gave up stay quiet."""

    def __init__(self, owner, handler, context):
        self.owner = owner
        super().__init__(handler, context)

    def handle_error(self, request, client_address):
        pass


class ReplayHandler(http.server.BaseHTTPRequestHandler):
    """HTTP/1.1 over TLS for a replayed API: the handshake in handle() (a
    client that stalls there holds only its own thread), no logging, every
    method handed to `self.server.owner._serve(self)`."""
    protocol_version = "HTTP/1.1"
    sys_version = ""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def handle(self):
        if isinstance(self.connection, ssl.SSLSocket):
            try:
                self.connection.do_handshake()
            except (ssl.SSLError, OSError):
                self.close_connection = True
                return
        super().handle()

    def body(self):
        """The request's body as text ("" without one)."""
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length).decode("utf-8", "replace") if length else ""

    def _any(self):
        self.server.owner._serve(self)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _any  # noqa: N815


def write_response(handler, code, data, content_type, headers=None, stall=0.0):
    """Sends one response (bytes `data`); with `stall`, the headers first,
    then the body `stall` seconds later (a server that hangs mid-answer).
    A client that went away only closes the connection."""
    try:
        handler.send_response(code)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.flush()
        if stall:
            time.sleep(stall)
        handler.wfile.write(data)
        handler.wfile.flush()
    except (OSError, ssl.SSLError):
        handler.close_connection = True


class HTTPSService:
    """Start and stop of a replayed HTTPS API: start() serves what
    _make_server() returns (a ThreadingTLSServer) from a daemon thread and
    sets port and url; stop() shuts it down and removes `directory` when
    `_own_directory`. Also a context manager."""
    thread_name = "https-replay"
    port = None
    url = None
    directory = None
    _own_directory = False
    _server = None
    _thread = None

    def _make_server(self):
        raise NotImplementedError

    def start(self):
        self._server = self._make_server()
        self.port = self._server.server_address[1]
        self.url = f"https://{LOOPBACK}:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05},
                                        name=f"{self.thread_name}-{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._own_directory:
            remove_tree(self.directory)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
