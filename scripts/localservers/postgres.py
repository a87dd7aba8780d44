"""Throw-away PostgreSQL servers on loopback, for tests and demos.

    from localservers.postgres import PostgresServer

    with PostgresServer(settings={"log_min_duration_statement": 1000},
                        hba=["host all all 127.0.0.1/32 scram-sha-256"],
                        log_statement_all=True) as pg:
        pg.sql("CREATE ROLE golive_ro LOGIN PASSWORD 'x' IN ROLE pg_monitor")
        dsn = pg.dsn("golive_ro", "postgres", sslmode="disable")
        ...                          # run golive against dsn
        print(pg.log_text())         # every statement, with %a = application_name

A server is a fresh cluster (initdb) in a temporary directory, listening on
127.0.0.1 on a free port and on a Unix socket in that directory. It is
stopped and its directory deleted when the `with` block ends (or at exit).

What can be configured, so that tests can make rules pass and fail:
  settings      postgresql.conf parameters {name: value} (bool -> on/off)
  hba           pg_hba.conf lines after the harness's own two `local ... trust`
                lines (which keep `sql()` and `make_standby()` working);
                default: scram-sha-256 for 127.0.0.1 (all databases and
                replication)
  ssl           (certfile, keyfile) of the server: ssl = on with them
  archive       True: archive_mode = on with an archive_command that copies
                into `archive_dir` (settings may still override it, e.g.
                archive_command = 'false' for a failing archiver)
  data_checksums, initdb_args, log_statement_all
The harness may write (roles, databases, ALTER SYSTEM) through `sql()`;
golive never does.

Replication: `make_standby()` clones the server with pg_basebackup and
starts a streaming standby (optionally through a physical replication
slot), visible in the primary's pg_stat_replication under its name.

Recipes for rule scenarios (the server is `pg`):
  failing archiver   PostgresServer(archive=True, settings={"archive_command": "false"});
                     pg.switch_wal(); pg.wait_for("SELECT failed_count > 0 FROM
                     pg_stat_archiver", "t")
  replication lag    standby = pg.make_standby(); standby.sql("SELECT
                     pg_wal_replay_pause()"); then write on pg (replay_lag grows)
  inactive slot      pg.sql("SELECT pg_create_physical_replication_slot('old')")
  idle in transaction / long transaction
                     with pg.open_session("BEGIN; SELECT 1;"): ...  (stays idle in
                     transaction until closed; "BEGIN; SELECT pg_sleep(600);" is active)
  weak hba           PostgresServer(hba=["host all all 127.0.0.1/32 md5"])
  superuser login    pg.create_role("admin", password="...", superuser=True)
  TLS                PostgresServer(ssl=(cert, key)) with certificates made by the
                     openssl CLI (see tests/integration/postgres_collector_test.py)

Privileges: PostgreSQL refuses to run as root. When the harness runs as root
(CI does), initdb, postgres and pg_basebackup run as the `postgres` system
user if it exists, else `nobody` (override: GOLIVE_PG_OS_USER), via runuser;
the temporary directory is given to that user. The newest
/usr/lib/postgresql/*/bin is used (override: GOLIVE_PG_BIN).

Standard library only; Python 3.9+.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import threading
import time
import weakref
from typing import Iterable, Mapping, Optional, Sequence, Tuple, Union

from . import common

__all__ = ["PostgresServer", "find_bin_dir", "server_os_user"]

Value = Union[str, int, float, bool]

# initdb's output, copied for each new server: initdb takes seconds, a copy
# a fraction of one. Keyed by the initdb arguments.
_templates: dict = {}
_templates_lock = threading.Lock()
_template_root: Optional[str] = None
_live: "weakref.WeakSet[PostgresServer]" = weakref.WeakSet()


def find_bin_dir() -> str:
    """The newest /usr/lib/postgresql/<major>/bin (or $GOLIVE_PG_BIN)."""
    override = os.environ.get("GOLIVE_PG_BIN")
    if override:
        return override
    candidates = []
    for path in glob.glob("/usr/lib/postgresql/*/bin"):
        major = os.path.basename(os.path.dirname(path))
        if major.isdigit() and os.path.exists(os.path.join(path, "postgres")):
            candidates.append((int(major), path))
    if not candidates:
        raise RuntimeError("no PostgreSQL server found in /usr/lib/postgresql/*/bin: "
                           "apt-get install postgresql")
    return max(candidates)[1]


def server_os_user() -> Optional[str]:
    """The system user servers run as, or None to run them as ourselves."""
    if os.geteuid() != 0:
        return None
    wanted = os.environ.get("GOLIVE_PG_OS_USER")
    for name in ([wanted] if wanted else ["postgres", "nobody"]):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root and neither 'postgres' nor 'nobody' exists")


def _conf_value(value: Value) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, (int, float)):
        return str(value)
    return "'" + str(value).replace("\\", "\\\\").replace("'", "''") + "'"


def _clean_env() -> dict:
    """Our environment without PG* variables, which would redirect psql."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PG")}


def _cleanup_all() -> None:
    for server in list(_live):
        server.close()
    if _template_root:
        shutil.rmtree(_template_root, ignore_errors=True)


atexit.register(_cleanup_all)


class PostgresServer:
    """A PostgreSQL cluster of its own, on 127.0.0.1:<port>. See the module doc."""

    superuser = "postgres"

    def __init__(self, workdir: Optional[str] = None, settings: Optional[Mapping[str, Value]] = None,
                 hba: Optional[Sequence[str]] = None, ssl: Optional[Tuple[str, str]] = None,
                 log_statement_all: bool = False, archive: bool = False,
                 data_checksums: bool = False, initdb_args: Sequence[str] = (),
                 name: str = "primary", start: bool = True, _basebackup_of: "PostgresServer" = None,
                 _slot: Optional[str] = None):
        self.name = name
        self.bin_dir = find_bin_dir()
        self.os_user = server_os_user()
        self.port = common.free_port()
        self.host = "127.0.0.1"
        parent = workdir or tempfile.gettempdir()
        os.makedirs(parent, exist_ok=True)
        self.dir = tempfile.mkdtemp(prefix=f"golive-pg-{name}-", dir=parent)
        self._give_away(self.dir)
        if self.os_user and subprocess.run(["runuser", "-u", self.os_user, "--", "test", "-w",
                                            self.dir]).returncode != 0:
            shutil.rmtree(self.dir, ignore_errors=True)
            raise RuntimeError(f"{self.os_user} cannot reach {parent}: give a workdir whose "
                               f"parent directories it may traverse (e.g. under /tmp)")
        self.data_dir = os.path.join(self.dir, "data")
        self.socket_dir = self.dir
        self.log_file = os.path.join(self.dir, "server.log")
        self.archive_dir = os.path.join(self.dir, "archive") if archive else None
        self._settings = dict(settings or {})
        self._hba = list(hba) if hba is not None else None
        self._ssl = ssl
        self._log_statement_all = log_statement_all
        self._running = False
        self._closed = False
        self._sessions: list = []
        _live.add(self)
        try:
            if _basebackup_of is not None:
                self._basebackup(_basebackup_of, _slot)
            else:
                self._initdb(list(initdb_args) + (["--data-checksums"] if data_checksums else []))
            self._configure()
            if start:
                self.start()
        except BaseException:
            self.close()
            raise

    # -- lifecycle -------------------------------------------------------

    def __enter__(self) -> "PostgresServer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self, timeout: float = 30) -> None:
        """Starts the server and waits until it accepts connections."""
        for attempt in range(3):
            result = self._pg_ctl("start", "-w", "-t", str(int(timeout)), "-l", self.log_file,
                                  check=False)
            if result.returncode == 0:
                self._running = True
                return
            log = self.log_text()
            # Another process took the port between choosing it and now.
            if "could not bind" in log and attempt < 2:
                self.port = common.free_port()
                self._append_conf({"port": self.port})
                continue
            raise RuntimeError(f"PostgreSQL did not start:\n{result.stdout}{result.stderr}\n"
                               f"{log[-4000:]}")

    def stop(self, mode: str = "fast") -> None:
        """Stops the server (mode: smart | fast | immediate)."""
        if self._running:
            self._pg_ctl("stop", "-w", "-m", mode, check=False)
            self._running = False

    def restart(self) -> None:
        """Restarts, e.g. after settings that need it (set_settings(restart=True))."""
        self.stop()
        self.start()

    def reload(self) -> None:
        """Makes the server re-read postgresql.conf and pg_hba.conf."""
        self._pg_ctl("reload")

    def close(self) -> None:
        """Stops the server and deletes its directory (what `with` does)."""
        if self._closed:
            return
        self._closed = True
        for session in self._sessions:
            session.close()
        try:
            self.stop("immediate")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
            _live.discard(self)

    @property
    def running(self) -> bool:
        return self._running

    # -- configuration ---------------------------------------------------

    def set_settings(self, settings: Mapping[str, Value], restart: bool = False) -> None:
        """Adds postgresql.conf parameters (later lines win), then reloads or restarts."""
        self._settings.update(settings)
        self._append_conf(settings)
        if self._running:
            self.restart() if restart else self.reload()

    def set_hba(self, lines: Sequence[str]) -> None:
        """Replaces the pg_hba.conf lines (after the harness's local trust lines) and reloads."""
        self._hba = list(lines)
        self._write_hba()
        if self._running:
            self.reload()

    # -- using it --------------------------------------------------------

    def dsn(self, user: str = "postgres", dbname: str = "postgres", sslmode: Optional[str] = None,
            **extra: Value) -> str:
        """A libpq keyword=value string for 127.0.0.1:<port> (no password)."""
        parts = [f"host={self.host}", f"port={self.port}", f"dbname={dbname}", f"user={user}"]
        if sslmode:
            parts.append(f"sslmode={sslmode}")
        parts += [f"{k}={v}" for k, v in extra.items()]
        return " ".join(parts)

    def sql(self, text: str, user: str = "postgres", db: str = "postgres", tcp: bool = False,
            password: Optional[str] = None, check: bool = True) -> str:
        """Runs SQL with psql (statement by statement, stopping at the first
        error) and returns its unaligned output (`|`-separated, no headers).
        Over the Unix socket as trusted superuser by default; tcp=True goes
        through 127.0.0.1 with `password`."""
        env = _clean_env()
        if password is not None:
            env["PGPASSWORD"] = password
        host = self.host if tcp else self.socket_dir
        result = subprocess.run(
            [os.path.join(self.bin_dir, "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
             "-h", host, "-p", str(self.port), "-U", user, "-d", db, "-f", "-"],
            input=text, capture_output=True, text=True, env=env, timeout=60)
        if check and result.returncode != 0:
            raise RuntimeError(f"psql failed ({result.returncode}): {result.stderr.strip()}")
        return result.stdout

    def query(self, text: str, **kwargs) -> list:
        """Rows of one query as lists of strings."""
        out = self.sql(text, **kwargs)
        return [line.split("|") for line in out.splitlines() if line]

    def scalar(self, text: str, **kwargs) -> str:
        out = self.sql(text, **kwargs).strip()
        return out.splitlines()[0] if out else ""

    def create_role(self, name: str, password: Optional[str] = None,
                    member_of: Iterable[str] = (), superuser: bool = False,
                    options: str = "") -> None:
        """CREATE ROLE name LOGIN [PASSWORD ...] [SUPERUSER] IN ROLE ..."""
        parts = [f'CREATE ROLE "{name}" LOGIN']
        if password is not None:
            parts.append("PASSWORD '" + password.replace("'", "''") + "'")
        if superuser:
            parts.append("SUPERUSER")
        roles = list(member_of)
        if roles:
            parts.append("IN ROLE " + ", ".join(f'"{r}"' for r in roles))
        if options:
            parts.append(options)
        self.sql(" ".join(parts) + ";")

    def open_session(self, sql: str = "", user: str = "postgres",
                     db: str = "postgres") -> "Session":
        """A psql session kept open in the background after running `sql`
        (e.g. "BEGIN; SELECT 1;" leaves it idle in transaction). Close it, or
        use it in `with`; the server's close() ends it too."""
        session = Session(self, sql, user, db)
        self._sessions.append(session)
        return session

    def log_text(self) -> str:
        """The server log so far. Lines start with
        `<time> [<pid>] app=<application_name> user=<user> db=<database> `."""
        try:
            with open(self.log_file, encoding="utf-8", errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def log_lines(self, application_name: str) -> list:
        """Log lines of sessions with that application_name (e.g. 'golive')."""
        marker = f" app={application_name} "
        return [line for line in self.log_text().splitlines() if marker in line]

    @property
    def version_num(self) -> int:
        return int(self.scalar("SHOW server_version_num"))

    def wait_for(self, sql: str, expected: str, timeout: float = 20, **kwargs) -> None:
        """Polls a query until its first value is `expected`."""
        deadline = time.monotonic() + timeout
        value = None
        while time.monotonic() < deadline:
            value = self.scalar(sql, check=False, **kwargs)
            if value == expected:
                return
            time.sleep(0.1)
        raise TimeoutError(f"{sql!r} is {value!r}, not {expected!r}, after {timeout}s")

    def switch_wal(self) -> None:
        """Closes the current WAL segment (so that the archiver has something to do)."""
        self.sql("SELECT pg_switch_wal();")

    # -- replication -----------------------------------------------------

    def make_standby(self, name: str = "standby", settings: Optional[Mapping[str, Value]] = None,
                     slot: Optional[str] = None, workdir: Optional[str] = None,
                     wait: bool = True) -> "PostgresServer":
        """A streaming standby of this server (pg_basebackup -R), started.
        With `slot`, through a new physical replication slot of that name.
        With wait=True, returns once the primary shows it as streaming and has
        its first report of what it replayed (replay_lsn is NULL until then,
        and so are the lag figures computed from it).
        Close it (or use it in `with`) like any server."""
        standby = PostgresServer(workdir=workdir, settings=settings, hba=self._hba,
                                 log_statement_all=self._log_statement_all, name=name,
                                 start=False, _basebackup_of=self, _slot=slot)
        try:
            standby.start()
            if wait:
                self.wait_for(f"SELECT state = 'streaming' AND replay_lsn IS NOT NULL "
                              f"FROM pg_stat_replication WHERE application_name = '{name}'", "t")
        except BaseException:
            standby.close()
            raise
        return standby

    # -- internals -------------------------------------------------------

    def _as_server_user(self, argv: list) -> list:
        return ["runuser", "-u", self.os_user, "--"] + argv if self.os_user else argv

    def _run(self, argv: list, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(self._as_server_user(argv), capture_output=True, text=True,
                                env=_clean_env(), cwd=self.dir, timeout=120)
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed ({result.returncode}):\n"
                               f"{result.stdout}{result.stderr}")
        return result

    def _pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return self._run([os.path.join(self.bin_dir, "pg_ctl"), "-D", self.data_dir] + list(args),
                         check=check)

    def _give_away(self, path: str) -> None:
        if self.os_user:
            entry = pwd.getpwnam(self.os_user)
            os.chown(path, entry.pw_uid, entry.pw_gid)
            os.chmod(path, 0o700)

    def _initdb(self, args: list) -> None:
        template = self._template(tuple(args))
        self._run(["cp", "-a", template, self.data_dir])

    def _template(self, args: tuple) -> str:
        """An initdb'd data directory for these arguments, made once per process."""
        global _template_root
        with _templates_lock:
            if args in _templates and os.path.isdir(_templates[args]):
                return _templates[args]
            if _template_root is None:
                _template_root = tempfile.mkdtemp(prefix="golive-pg-templates-")
                self._give_away(_template_root)
            path = os.path.join(_template_root, f"t{len(_templates)}")
            self._run([os.path.join(self.bin_dir, "initdb"), "-D", path, "-U", self.superuser,
                       "--no-sync", "-E", "UTF8", "--locale=C", "--auth-local=trust",
                       "--auth-host=scram-sha-256"] + list(args))
            _templates[args] = path
            return path

    def _basebackup(self, primary: "PostgresServer", slot: Optional[str]) -> None:
        argv = [os.path.join(self.bin_dir, "pg_basebackup"), "-h", primary.socket_dir, "-p",
                str(primary.port), "-U", self.superuser, "-D", self.data_dir, "-R",
                "-X", "stream", "--no-sync", "-c", "fast"]
        if slot:
            argv += ["-C", "-S", slot]
        self._run(argv)
        # -R wrote primary_conninfo; name the standby so that the primary's
        # pg_stat_replication shows it as application_name.
        with open(os.path.join(self.data_dir, "postgresql.auto.conf"), "a") as f:
            conninfo = (f"host={primary.socket_dir} port={primary.port} user={self.superuser} "
                        f"application_name={self.name}")
            f.write(f"primary_conninfo = {_conf_value(conninfo)}\n")
            if slot:
                f.write(f"primary_slot_name = {_conf_value(slot)}\n")

    def _configure(self) -> None:
        base = {
            "port": self.port,
            "listen_addresses": self.host,
            "unix_socket_directories": self.socket_dir,
            "logging_collector": False,
            "log_line_prefix": "%m [%p] app=%a user=%u db=%d ",
            "log_statement": "all" if self._log_statement_all else "none",
        }
        if self._ssl:
            cert, key = self._ssl
            for source, target in ((cert, "server.crt"), (key, "server.key")):
                path = os.path.join(self.data_dir, target)
                shutil.copyfile(source, path)
                os.chmod(path, 0o600)
                if self.os_user:
                    entry = pwd.getpwnam(self.os_user)
                    os.chown(path, entry.pw_uid, entry.pw_gid)
            base.update({"ssl": True, "ssl_cert_file": "server.crt", "ssl_key_file": "server.key"})
        if self.archive_dir:
            os.makedirs(self.archive_dir, exist_ok=True)
            self._give_away(self.archive_dir)
            base.update({"archive_mode": "on",
                         "archive_command": f"test ! -f {self.archive_dir}/%f && "
                                            f"cp %p {self.archive_dir}/%f"})
        base.update(self._settings)
        self._append_conf(base)
        self._write_hba()

    def _append_conf(self, settings: Mapping[str, Value]) -> None:
        path = os.path.join(self.data_dir, "postgresql.conf")
        with open(path, "a") as f:
            f.write(f"\n# golive test harness ({self.name})\n")
            for key, value in settings.items():
                f.write(f"{key} = {_conf_value(value)}\n")

    def _write_hba(self) -> None:
        lines = ["local all all trust", "local replication all trust"]
        if self._hba is None:
            lines += ["host all all 127.0.0.1/32 scram-sha-256",
                      "host replication all 127.0.0.1/32 scram-sha-256"]
        else:
            lines += self._hba
        path = os.path.join(self.data_dir, "pg_hba.conf")
        with open(path, "w") as f:
            f.write("# golive test harness: the first two lines keep sql() working\n")
            f.write("\n".join(lines) + "\n")
        if self.os_user:
            entry = pwd.getpwnam(self.os_user)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def __repr__(self) -> str:
        return f"PostgresServer({self.name!r}, {self.host}:{self.port}, {self.dir})"


class Session:
    """A background psql session (see PostgresServer.open_session). Its
    application_name (`harness-session-N`) picks it out of pg_stat_activity."""

    _count = 0

    def __init__(self, server: PostgresServer, sql: str, user: str, db: str):
        Session._count += 1
        self.server = server
        self.application_name = f"harness-session-{Session._count}"
        env = dict(_clean_env(), PGAPPNAME=self.application_name)
        self._process = subprocess.Popen(
            [os.path.join(server.bin_dir, "psql"), "-X", "-q", "-h", server.socket_dir,
             "-p", str(server.port), "-U", user, "-d", db],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            text=True, env=env)
        if sql:
            self._process.stdin.write(sql + "\n")
            self._process.stdin.flush()

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._process.poll() is not None:
            return
        # A statement still running (pg_sleep) would keep psql waiting.
        if self.server.running:
            self.server.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            f"WHERE application_name = '{self.application_name}';", check=False)
        try:
            self._process.stdin.close()
        except OSError:
            pass
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


def _self_test() -> None:  # python3 -m localservers.postgres
    with PostgresServer(log_statement_all=True) as pg:
        print(pg, pg.version_num)
        with pg.open_session("BEGIN; SELECT 1;") as session:
            pg.wait_for("SELECT state FROM pg_stat_activity WHERE application_name = "
                        f"'{session.application_name}'", "idle in transaction")
            print(session.application_name, "idle in transaction")
        with pg.make_standby(slot="standby_slot") as standby:
            print(standby, standby.scalar("SELECT pg_is_in_recovery()"))
            print(pg.query("SELECT application_name, state, sync_state FROM pg_stat_replication"))


if __name__ == "__main__":
    _self_test()
