"""A loopback HTTPS server that plays Traefik's API (v2 or v3) for the Traefik
collector's tests, replaying the golden responses of
tests/data/traefik-api (v3 in ./, v2 in ./v2.11/). Python stdlib
and the openssl CLI only.

    with TraefikServer(version="v3", username="golive", password="s3cret") as api:
        api.url                               # https://127.0.0.1:PORT
        api.ca.cert                           # the private CA to trust (ca_file)
        api.set_list("/api/http/routers", [...])   # what a list endpoint holds
        api.set_object("/api/overview", {...})
        api.add_fault(path=r"/api/http/services", status=500, stall=2.0)
        api.add_fault(path=r"/api/version", status=500,
                      body=lambda headers: f"echo {headers.get('Authorization')}")
        api.requests()                        # method, path, query, status, authorized

Lists are paginated as Traefik does: `?page=N&per_page=M` (defaults 1 and
100), the next page number in `X-Next-Page` ("1" when there is none), a page
past the end is 400. With credentials (basic auth, or a bearer token), every
request without them is 401, except /api/version when `anonymous_version` is
set (an API exposed without authentication). `cert_days` sets the validity of
the certificate it serves (the certificate probe reads it), `tls_versions`
the (minimum, maximum) TLS versions it accepts (common.tls_server_context;
default TLS 1.2 and later). Listens on 127.0.0.1 only.
"""

import base64
import copy
import json
import os
import re
import tempfile
import threading
import time
import urllib.parse

from localservers import common
from localservers.certs import CertificateAuthority

VERSIONS = {  # what GET /api/version answers, per golden set
    "v3": {"Version": "3.7.9", "Codename": "chabichou", "startDate": "2026-07-24T08:00:00.000Z"},
    "v2": {"Version": "2.11.53", "Codename": "mimolette", "startDate": "2026-07-24T08:00:00.000Z"},
}

LIST_PATHS = {  # golden file prefix -> list endpoint
    "entrypoints": "/api/entrypoints",
    "routers": "/api/http/routers",
    "services": "/api/http/services",
    "middlewares": "/api/http/middlewares",
    "tcprouters": "/api/tcp/routers",
    "tcpservices": "/api/tcp/services",
    "tcpmiddlewares": "/api/tcp/middlewares",
    "udprouters": "/api/udp/routers",
    "udpservices": "/api/udp/services",
}
SINGLE_PREFIXES = {  # one-object golden file prefix -> the list it belongs to
    "entrypoint": "entrypoints", "router": "routers", "service": "services",
    "middleware": "middlewares", "tcprouter": "tcprouters", "tcpservice": "tcpservices",
    "tcpmiddleware": "tcpmiddlewares", "udprouter": "udprouters", "udpservice": "udpservices",
}


def golden_dir(version):
    return common.test_data("traefik-api", *([] if version == "v3" else ["v2.11"]))


def golden_files(version):
    """{file name: (endpoint, body)} of every golden response of a set:
    lists go to their list endpoint, one-object files to theirs as a list of
    one (the collector reads lists only), overviews to /api/overview;
    getrawdata.json (/api/rawdata, not collected) is left out."""
    files = {}
    directory = golden_dir(version)
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".json") or name == "getrawdata.json":
            continue
        path = os.path.join(directory, name)
        with open(path) as f:
            try:
                body = json.load(f)
            except ValueError as error:
                raise ValueError(f"{path}: not a Traefik API response (JSON): {error}") from None
        stem = name[:-len(".json")]
        prefix = stem.split("-")[0]
        if prefix == "overview":
            files[name] = ("/api/overview", body)
        elif prefix in LIST_PATHS:
            files[name] = (LIST_PATHS[prefix], body)
        elif prefix in SINGLE_PREFIXES:
            files[name] = (LIST_PATHS[SINGLE_PREFIXES[prefix]], [body])
        else:
            raise ValueError(f"golden file {name}: no endpoint known")
    return files


class Fault:
    def __init__(self, path, status=None, times=None, delay=0.0, stall=0.0, body=None,
                 authorized=None):
        """`body`: what the fault answers (text, JSON, or a function of the
        request's headers); {"message": "injected <status>"} by default.
        `authorized`: True or False to fault only requests with (without)
        the right credentials; None for every request."""
        self.path, self.status, self.times = re.compile(path), status, times
        self.authorized = authorized
        self.body = body
        self.delay, self.stall = delay, stall
        self.applied = 0

    def matches(self, path, authorized):
        if self.times is not None and self.applied >= self.times:
            return False
        if self.authorized is not None and self.authorized != authorized:
            return False
        return bool(self.path.fullmatch(path))


class _Handler(common.ReplayHandler):
    server_version = "golive-traefik-replay"


class TraefikServer(common.HTTPSService):
    thread_name = "traefik-api"

    def __init__(self, version="v3", username=None, password=None, token=None,
                 anonymous_version=False, cert_days=3, tls_versions=None, directory=None):
        self.version = version
        self.tls_versions = tls_versions
        self.username, self.password, self.token = username, password, token
        self.anonymous_version = anonymous_version
        self.directory, self._own_directory = (directory, False) if directory else (
            tempfile.mkdtemp(prefix="golive-traefik-api-"), True)
        self.ca = CertificateAuthority(os.path.join(self.directory, "pki"), "traefik replay CA")
        self.server_cert = self.ca.issue("traefik.local", sans=["localhost", "127.0.0.1"],
                                         days=cert_days)
        self.objects = {"/api/version": dict(VERSIONS[version])}
        for path in LIST_PATHS.values():
            self.objects[path] = []
        files = golden_files(version)
        self.objects["/api/overview"] = files["overview-dynamic.json"][1]
        for prefix, path in LIST_PATHS.items():
            if f"{prefix}.json" in files:
                self.objects[path] = copy.deepcopy(files[f"{prefix}.json"][1])
        self.faults = []
        self._log = []
        self._lock = threading.Lock()

    # -- data, faults, log --------------------------------------------------------

    def set_list(self, path, items):
        self.objects[path] = copy.deepcopy(items)

    def set_object(self, path, body):
        self.objects[path] = copy.deepcopy(body)

    def remove(self, path):
        """The endpoint is not served (404), as in an older Traefik."""
        self.objects.pop(path, None)

    def add_fault(self, **kwargs):
        fault = Fault(**kwargs)
        with self._lock:
            self.faults.append(fault)
        return fault

    def requests(self, path=None):
        with self._lock:
            entries = list(self._log)
        return [e for e in entries if path is None or re.fullmatch(path, e["path"])]

    def _make_server(self):
        return common.ReplayServer(self, _Handler, common.tls_server_context(
            self.server_cert, versions=self.tls_versions))

    # -- serving ------------------------------------------------------------------

    def _authorized(self, handler):
        header = handler.headers.get("Authorization", "")
        if self.token:
            return header == f"Bearer {self.token}"
        if self.username:
            expected = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
            return header == f"Basic {expected}"
        return True

    def _serve(self, handler):
        if handler.command != "GET":
            self._write(handler, 405, {"message": "this replay is read-only"}, {}, 0)
            return
        parsed = urllib.parse.urlsplit(handler.path)
        path = parsed.path
        query = {k: v[-1] for k, v in urllib.parse.parse_qs(parsed.query).items()}
        authorized = self._authorized(handler)
        entry = {"method": "GET", "path": path, "query": query, "authorized": authorized,
                 "authorization": handler.headers.get("Authorization"), "status": None}
        stall, headers = 0.0, {}
        fault = self._take_fault(path, authorized)
        if fault:
            time.sleep(fault.delay)
            stall = fault.stall
        if fault and fault.status:
            body = fault.body(handler.headers) if callable(fault.body) else fault.body
            code, body = fault.status, {"message": f"injected {fault.status}"} \
                if body is None else body
        elif not authorized and not (path == "/api/version" and self.anonymous_version):
            code, body = 401, "401 Unauthorized\n"
        elif path not in self.objects:
            code, body = 404, "404 page not found\n"
        elif isinstance(self.objects[path], list):
            code, body, headers = self._page(self.objects[path], query)
        else:
            code, body = 200, self.objects[path]
        entry["status"] = code
        with self._lock:
            self._log.append(entry)
        self._write(handler, code, body, headers, stall)

    @staticmethod
    def _page(items, query):
        try:
            page, per_page = int(query.get("page", "1")), int(query.get("per_page", "100"))
        except ValueError:
            return 400, {"message": "invalid request: page or per_page"}, {}
        start = (page - 1) * per_page
        if page < 1 or per_page < 1 or (start >= len(items) and page > 1):
            return 400, {"message": f"invalid request: page: {page}, per_page: {per_page}"}, {}
        end = start + per_page
        next_page = page + 1 if end < len(items) else 1
        return 200, items[start:end], {"X-Next-Page": str(next_page)}

    def _take_fault(self, path, authorized):
        with self._lock:
            for fault in self.faults:
                if fault.matches(path, authorized):
                    fault.applied += 1
                    return fault
        return None

    @staticmethod
    def _write(handler, code, body, headers, stall):
        text = body if isinstance(body, str) else json.dumps(body)
        content_type = "text/plain; charset=utf-8" if isinstance(body, str) else "application/json"
        common.write_response(handler, code, text.encode(), content_type, headers, stall)
