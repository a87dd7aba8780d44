"""Throw-away Redis servers for tests and the demo.

    with RedisServer(config={"maxmemory": "64mb", "maxmemory-policy": "noeviction"},
                     password="s3cret-for-tests") as redis:
        redis.url                      # redis://127.0.0.1:PORT/0
        redis.command("SET", "k", "v") # setup by the harness (golive never writes)
        with redis.monitor() as seen:  # what clients sent while the block ran
            run_golive(...)
        seen.commands                  # [["PING"], ["INFO", "everything"], ...]
        replica = redis.make_replica() # a second server with replicaof, link up

Options:
  config        redis.conf directives, applied last (they win): {"save": "",
                "appendonly": True, "rename-command": ["FLUSHALL ''", ...]}.
                Values: str/int, True/False (yes/no), "" (written ""), a list
                (one line each), None (left out).
  password      requirepass for the default user.
  acl_users     ACL rules, one user each: "golive on >pw ~* +@read +info
                +config|get +ping" (written as `user ...`).
  rename_config hide CONFIG from clients, as managed services do: True renames
                it to a secret name only the harness uses (config()
                keeps working); "" removes it (`rename-command CONFIG ""`).
  tls           {"cert", "key", "ca"} server certificate, key and the CA of
                client certificates; optional "auth_clients" (no | yes |
                optional, default no), "protocols", "client_cert" and
                "client_key" (what the harness presents when clients must).
  plain         also listen on a plain TCP port (default True; False with tls
                gives a TLS-only server, `port 0`).
  replicaof     another RedisServer to replicate (see make_replica).

The server runs as `nobody` when we are root, binds 127.0.0.1 on free random
ports, in a temporary directory removed on exit. The harness logs in as its
own ACL user (golive-harness, all permissions), so `password`, `acl_users`
and the default user stay exactly as a test wants them.
"""

import contextlib
import os
import re
import secrets
import socket
import ssl
import subprocess
import threading

from . import common

HARNESS_USER = "golive-harness"


class RedisError(Exception):
    """An error reply (-ERR ..., -NOAUTH ..., ...)."""


class Connection:
    """A minimal RESP2 client (stdlib only) for the harness."""

    def __init__(self, host, port, tls=None, timeout=5.0):
        raw = socket.create_connection((host, port), timeout=timeout)
        if tls is not None:
            context = ssl.create_default_context(cafile=tls.get("ca"))
            context.check_hostname = False
            if tls.get("client_cert"):
                context.load_cert_chain(tls["client_cert"], tls["client_key"])
            raw = context.wrap_socket(raw, server_hostname=host)
        self.sock = raw
        self.local_address = "%s:%d" % raw.getsockname()[:2]
        self.reader = raw.makefile("rb")

    def close(self):
        with contextlib.suppress(OSError):
            self.reader.close()
            self.sock.close()

    def send(self, *args):
        parts = [b"*%d\r\n" % len(args)]
        for arg in args:
            data = arg if isinstance(arg, bytes) else str(arg).encode()
            parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
        self.sock.sendall(b"".join(parts))

    def read_reply(self):
        line = self.reader.readline()
        if not line:
            raise ConnectionError("connection closed by the server")
        kind, rest = line[:1], line[1:-2].decode(errors="replace")
        if kind == b"+":
            return rest
        if kind == b"-":
            raise RedisError(rest)
        if kind == b":":
            return int(rest)
        if kind == b"$":
            if int(rest) < 0:
                return None
            data = self.reader.read(int(rest) + 2)
            return data[:-2].decode(errors="replace")
        if kind == b"*":
            count = int(rest)
            return None if count < 0 else [self.read_reply() for _ in range(count)]
        raise RedisError(f"unexpected reply {line!r}")

    def call(self, *args):
        self.send(*args)
        return self.read_reply()


def _directive_lines(name, value):
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [line for item in value for line in _directive_lines(name, item)]
    if value is True or value is False:
        value = "yes" if value else "no"
    value = str(value)
    return [f'{name} ""' if value == "" else f"{name} {value}"]


def parse_info(text):
    """INFO text as {section: {field: value-string}} (the harness's view)."""
    info, section = {}, None
    for line in text.splitlines():
        if line.startswith("#"):
            section = line[1:].strip().lower()
            info[section] = {}
        elif ":" in line and section is not None:
            field, value = line.split(":", 1)
            info[section][field] = value
    return info


class Monitor:
    """What MONITOR showed while the `monitor()` block ran."""

    _ARG = re.compile(r'"((?:[^"\\]|\\.)*)"')
    _LINE = re.compile(r"^\d+\.\d+ \[\d+ ([^\]]+)\] (.*)$")
    # Commands whose first argument names what they do.
    CONTAINERS = {"ACL", "CLIENT", "CLUSTER", "COMMAND", "CONFIG", "DEBUG", "FUNCTION",
                  "LATENCY", "MEMORY", "MODULE", "OBJECT", "SCRIPT", "SLOWLOG", "XINFO"}

    def __init__(self, ignored_clients):
        self.lines = []  # raw MONITOR lines, every client
        self.commands = []  # [args...] of clients other than the harness
        self._ignored = ignored_clients

    def _record(self, line):
        self.lines.append(line)
        match = self._LINE.match(line)
        if not match or match.group(1) in self._ignored:
            return
        args = [bytes(a, "utf-8").decode("unicode_escape") for a in self._ARG.findall(match.group(2))]
        if args:
            self.commands.append(args)

    def names(self):
        """Command names as MONITOR showed them: "PING", "INFO", "CONFIG GET", ..."""
        out = []
        for args in self.commands:
            name = args[0].upper()
            if name in self.CONTAINERS and len(args) > 1:
                name += " " + args[1].upper()
            out.append(name)
        return out


class RedisServer:
    def __init__(self, workdir=None, config=None, tls=None, password=None, acl_users=(),
                 rename_config=False, plain=True, replicaof=None, start_timeout=15.0,
                 executable="redis-server"):
        self.directives = dict(config or {})
        self.tls = dict(tls) if tls else None
        self.password = password
        self.acl_users = list(acl_users)
        self.rename_config = rename_config
        self.plain = plain or not tls
        self.master = replicaof
        self.start_timeout = start_timeout
        self.executable = executable
        self.host = common.LOOPBACK
        self.port = None
        self.tls_port = None
        self.harness_password = secrets.token_hex(16)
        # CONFIG as the harness calls it ("" when removed altogether).
        self._config_name = ("CONFIG" if rename_config is False or rename_config is None
                             else "" if rename_config == "" else
                             "golive-harness-config-" + secrets.token_hex(8))
        self.replicas = []
        self._requested_workdir = workdir
        self.workdir = None
        self._owns_workdir = False
        self._process = None
        self._harness_clients = set()
        self._sent = {}  # commands the harness sent, by commandstats name

    # -- lifecycle ---------------------------------------------------------

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        self.workdir, self._owns_workdir = common.make_workdir("golive-redis-", self._requested_workdir)
        for attempt in range(3):
            self.port = common.free_port() if self.plain else None
            self.tls_port = common.free_port() if self.tls else None
            self._write_config()
            self._process = subprocess.Popen(
                common.unprivileged_prefix() + [self.executable, self.config_path],
                stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, cwd=self.workdir)
            try:
                common.wait_until(self._ready, self.start_timeout, what="redis-server")
                return self
            except Exception:
                log = self.log()
                self._terminate()
                if "Address already in use" in log and attempt < 2:
                    continue  # another process took the port in between: try others
                self._cleanup()
                raise RuntimeError(f"redis-server did not start:\n{log[-3000:]}")
        return self

    def stop(self):
        for replica in self.replicas:
            replica.stop()
        self.replicas = []
        self._terminate()
        self._cleanup()

    def _terminate(self):
        if self._process and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None

    def _cleanup(self):
        if self._owns_workdir and self.workdir:
            common.remove_tree(self.workdir)
        self.workdir = None

    # -- configuration -----------------------------------------------------

    @property
    def config_path(self):
        return os.path.join(self.workdir, "redis.conf")

    def _tls_lines(self):
        tls = self.tls
        server_cert = common.copy_for_server(tls["cert"], self.workdir, "server.pem")
        server_key = common.copy_for_server(tls["key"], self.workdir, "server.key")
        lines = [f"tls-port {self.tls_port}", f"tls-cert-file {server_cert}",
                 f"tls-key-file {server_key}",
                 f"tls-auth-clients {tls.get('auth_clients', 'no')}"]
        if tls.get("ca"):
            lines.append(f"tls-ca-cert-file {common.copy_for_server(tls['ca'], self.workdir, 'ca.pem')}")
        if tls.get("protocols"):
            lines.append(f'tls-protocols "{tls["protocols"]}"')
        if self.master is not None and self.master.port is None:
            lines.append("tls-replication yes")  # the master only speaks TLS
        return lines

    def _write_config(self):
        lines = [
            "bind 127.0.0.1",
            f"port {self.port or 0}",
            f"dir {self.workdir}",
            "daemonize no",
            f"logfile {os.path.join(self.workdir, 'redis.log')}",
            # Replicas get their first sync at once (the default waits 5s).
            "repl-diskless-sync-delay 0",
            # The harness's own login, so tests choose the default user freely.
            f"user {HARNESS_USER} on >{self.harness_password} ~* &* +@all",
        ]
        if self.password:
            lines.append(f"requirepass {self.password}")
        lines += [f"user {rule}" for rule in self.acl_users]
        if self.rename_config is not False and self.rename_config is not None:
            lines.append(f'rename-command CONFIG "{self._config_name}"')
        if self.tls:
            lines += self._tls_lines()
        if self.master is not None:
            master_port = self.master.port or self.master.tls_port
            lines += [f"replicaof {self.master.host} {master_port}",
                      f"masteruser {HARNESS_USER}",
                      f"masterauth {self.master.harness_password}"]
        for name, value in self.directives.items():
            lines += _directive_lines(name, value)
        with open(self.config_path, "w") as f:
            f.write("\n".join(lines) + "\n")
        common.give_to_server_user(self.config_path, 0o600)

    # -- addresses -----------------------------------------------------------

    @property
    def url(self):
        """redis:// URL of the plain port (no credentials)."""
        return f"redis://{self.host}:{self.port}/0"

    def tls_url(self, host=None):
        """rediss:// URL of the TLS port; `host` may be a name that resolves to loopback."""
        return f"rediss://{host or self.host}:{self.tls_port}/0"

    def log(self):
        if not self.workdir:
            return ""
        with contextlib.suppress(OSError), open(os.path.join(self.workdir, "redis.log"),
                                                errors="replace") as f:
            return f.read()
        return ""

    # -- talking to it -------------------------------------------------------

    def connect(self, user=None, password=None, login=True):
        """A connection, logged in as the harness unless told otherwise."""
        if self.port:
            connection = Connection(self.host, self.port)
        else:
            connection = Connection(self.host, self.tls_port, tls=self.tls)
        if login:
            connection.call("AUTH", user or HARNESS_USER, password or self.harness_password)
        return connection

    def _harness_connection(self):
        connection = self.connect(login=False)
        self._harness_clients.add(connection.local_address)  # before it sends anything
        self._harness_call(connection, "AUTH", HARNESS_USER, self.harness_password)
        return connection

    def _harness_call(self, connection, *args):
        """Sends a command as the harness, counting it so that
        executed_commands() can tell the harness's commands from the rest."""
        name = "config" if args[0] == self._config_name else str(args[0]).lower()
        if name.upper() in Monitor.CONTAINERS and len(args) > 1:
            name += "|" + str(args[1]).lower()
        self._sent[name] = self._sent.get(name, 0) + 1
        return connection.call(*args)

    def command(self, *args):
        """Runs one command as the harness (setup: writes are fine here)."""
        connection = self._harness_connection()
        try:
            return self._harness_call(connection, *args)
        finally:
            connection.close()

    def config(self, *args):
        """CONFIG as the harness (works when rename_config=True hid it)."""
        if not self._config_name:
            raise RedisError("CONFIG was removed from this server (rename_config='')")
        return self.command(self._config_name, *args)

    def info(self, section=None):
        text = self.command("INFO", section) if section else self.command("INFO", "everything")
        return parse_info(text)

    def _ready(self):
        if self._process.poll() is not None:
            raise RuntimeError("redis-server exited")
        connection = self.connect()
        try:
            return connection.call("PING") == "PONG"
        finally:
            connection.close()

    def command_stats(self, connection=None):
        """{command: {"calls": n, "rejected_calls": n, "failed_calls": n}} from
        INFO commandstats ("config|get", "info", ...)."""
        text = (connection.call("INFO", "commandstats") if connection
                else self.command("INFO", "commandstats"))
        stats = {}
        for field, value in parse_info(text).get("commandstats", {}).items():
            counts = dict(pair.split("=", 1) for pair in value.split(","))
            stats[field[len("cmdstat_"):]] = {k: float(v) if "." in v else int(v)
                                              for k, v in counts.items()}
        return stats

    @contextlib.contextmanager
    def executed_commands(self):
        """Every command the server executed or rejected while the block ran,
        except the harness's own, as {name: count} ("config|get": 14, ...),
        from INFO commandstats.

        MONITOR leaves out administrative commands (CONFIG, SHUTDOWN, DEBUG,
        SAVE, CLIENT KILL, ...); commandstats counts them all."""
        if not self._config_name:
            raise RedisError("executed_commands() needs CONFIG RESETSTAT: use rename_config=True")
        # One connection, logged in before the reset, resets and reads: its
        # INFO is not in the stats it returns, its RESETSTAT is dropped.
        connection = self.connect()
        executed = {}
        try:
            connection.call(self._config_name, "RESETSTAT")
            sent_before = dict(self._sent)
            yield executed
            stats = self.command_stats(connection)
        finally:
            connection.close()
        for name, counts in stats.items():
            if name.endswith("|resetstat"):
                continue
            total = sum(counts.get(k, 0) for k in ("calls", "rejected_calls", "failed_calls"))
            total -= self._sent.get(name, 0) - sent_before.get(name, 0)
            if total > 0:
                executed[name] = total

    @contextlib.contextmanager
    def monitor(self):
        """Records what clients send while the block runs (MONITOR)."""
        connection = self._harness_connection()
        seen = Monitor(self._harness_clients)
        self._harness_call(connection, "MONITOR")
        connection.sock.settimeout(None)
        marker = "golive-monitor-end-" + secrets.token_hex(4)

        def read():
            with contextlib.suppress(Exception):
                while True:
                    line = connection.read_reply()
                    seen._record(line)
                    if marker in line:
                        return

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            yield seen
        finally:
            # The harness's ECHO is the last line MONITOR shows: all that
            # came before it has been read when the reader sees it.
            self.command("ECHO", marker)
            reader.join(timeout=5)
            connection.close()

    # -- replication -----------------------------------------------------------

    def make_replica(self, **options):
        """Starts a replica of this server (stopped with it) and waits for its
        link to be up. Options are RedisServer's (config, password, ...)."""
        options.setdefault("tls", self.tls)
        options.setdefault("plain", self.port is not None)
        replica = RedisServer(replicaof=self, **options)
        replica.start()
        self.replicas.append(replica)
        try:
            common.wait_until(
                lambda: replica.info("replication")["replication"].get("master_link_status") == "up",
                self.start_timeout, interval=0.1, what="the replication link")
        except Exception:
            replica.stop()
            self.replicas.remove(replica)
            raise
        return replica

    def wait_for_replicas(self, count=1, timeout=10.0):
        """Waits until the master sees `count` replicas online (slaveN lines)."""
        def online():
            # A replica is counted as connected while its full sync is still
            # running (state=wait_bgsave, send_bulk); wait for state=online.
            replication = self.info("replication")["replication"]
            states = [value for field, value in replication.items()
                      if re.fullmatch(r"slave\d+", field)]
            return sum("state=online" in state for state in states) >= count
        common.wait_until(online, timeout, interval=0.1, what="the replicas")
