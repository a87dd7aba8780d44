"""A loopback server that answers like Odoo's web controllers, for the Odoo
collector's probe tests. Python stdlib (and the openssl CLI for HTTPS).

    with OdooWeb(manager="open") as odoo:          # HTTP
        odoo.url                                   # http://127.0.0.1:PORT
    with OdooWeb(manager="disabled", tls=True, ca=ca) as odoo:
        odoo.url                                   # https://127.0.0.1:PORT
        odoo.requests()                            # [{"method", "path", "body"}]

manager: the database manager's state, as Odoo 16-18 render
addons/web/static/src/public/database_manager.qweb.html:
  "open"         list_db = True, a master password set: the database list
                 with its Backup/Duplicate/Delete buttons;
  "unprotected"  list_db = True, admin_passwd still the default 'admin':
                 the same, with Odoo's "not protected" warning;
  "disabled"     list_db = False: the "disabled by the administrator" alert
                 (status 200 all the same, as Odoo answers);
  "blocked"      a proxy in front answers 403 for /web/database/*;
  "to_login"     a proxy in front answers 302 to /web/login (same origin)
                 for /web/database/*;
  "to_https"     a proxy in front answers every http:// request with a 301
                 to the same path on https:// (nothing is read over http).
Both /web/database/manager and /web/database/selector are served; /web/health
answers {"status": "pass"}; POST /web/webclient/version_info answers a
JSON-RPC result with `version`. `delay` (seconds) slows every answer.
"""

import html
import json
import os
import tempfile
import threading
import time

from localservers import common
from localservers.certs import CertificateAuthority

MANAGER_STATES = ("open", "unprotected", "disabled", "blocked", "to_login", "to_https")

_HEAD = """<html>
<head>
    <meta http-equiv="content-type" content="text/html; charset=utf-8" />
    <title>Odoo</title>
    <link rel="shortcut icon" href="/web/static/img/favicon.ico" type="image/x-icon" />
    <link rel="stylesheet" href="/web/static/src/libs/fontawesome/css/font-awesome.css" />
    <link rel="stylesheet" href="/web/static/lib/bootstrap/dist/css/bootstrap.css" />
    <script src="/web/static/lib/jquery/jquery.js" ></script>
    <script src="/web/static/lib/bootstrap/js/dist/modal.js" ></script>
    <script src="/web/static/src/public/database_manager.js" ></script>
</head>
<body>
    <div class="container">
        <!-- Database List -->
        <div class="row">
            <div class="col-lg-6 offset-lg-3 o_database_list">
                <img src="/web/static/img/logo2.png" class="img-fluid d-block mx-auto"/>
"""

_DISABLED = """                <div class="alert alert-danger text-center">The database manager has been disabled by the administrator</div>
"""

_INSECURE = """                <div class="alert alert-warning">
                    Warning, your Odoo database manager is not protected.<br/>
                    Please <a href="#" data-bs-toggle="modal" data-bs-target=".o_database_master">set a master password</a> to secure it.
                </div>
"""

_DATABASE = """                    <div class="list-group-item d-flex align-items-center">
                        <a href="/web?db={db}" class="d-block flex-grow-1">{db}</a>{buttons}
                    </div>
"""

_BUTTONS = """
                        <div class="btn-group btn-group-sm float-end">
                            <button type="button" data-db="{db}" data-bs-target=".o_database_backup" class="o_database_action btn btn-primary"><i class="fa fa-floppy-o fa-fw"></i> Backup</button>
                            <button type="button" data-db="{db}" data-bs-target=".o_database_duplicate" class="o_database_action btn btn-secondary"><i class="fa fa-files-o fa-fw"></i> Duplicate</button>
                            <button type="button" data-db="{db}" data-bs-target=".o_database_delete" class="o_database_action btn btn-danger"><i class="fa fa-trash-o fa-fw"></i> Delete</button>
                        </div>"""

_MANAGE = """                <div class="d-flex mt-2">
                    <button type="button" data-bs-toggle="modal" data-bs-target=".o_database_create" class="btn btn-primary flex-grow-1">Create Database</button>
                    <button type="button" data-bs-toggle="modal" data-bs-target=".o_database_restore" class="btn btn-primary flex-grow-1 ms-2">Restore Database</button>
                    <button type="button" data-bs-toggle="modal" data-bs-target=".o_database_master" class="btn btn-primary flex-grow-1 ms-2">Set Master Password</button>
                </div>
"""

# The modals are rendered whatever list_db says (as Odoo does): their forms
# alone do not mean the manager is open.
_MODALS = """            </div>
        </div>
        <div class="modal fade o_database_create" role="dialog"><div class="modal-dialog"><div class="modal-content">
            <form role="form" action="/web/database/create" method="post">
                <div class="modal-header"><h4 class="modal-title">Create Database</h4></div>
                <div class="modal-body"><input id="dbname" type="text" name="name" class="form-control" required="required"/></div>
            </form></div></div></div>
        <div class="modal fade o_database_master" role="dialog"><div class="modal-dialog"><div class="modal-content">
            <form id="form_change_pwd" role="form" action="/web/database/change_password" method="post">
                <div class="modal-header"><h4 class="modal-title">Set Master Password</h4></div>
                <div class="modal-body"><p>The master password is required to create, delete, dump or restore databases.</p>
                <input id="master_pwd_new" type="password" name="master_pwd_new" class="form-control" required="required" autocomplete="new-password"/></div>
            </form></div></div></div>
    </div>
</body>
</html>
"""


def database_page(state, databases=("retail",), manage=True):
    """The page Odoo renders at /web/database/manager (manage=True) or
    /web/database/selector (manage=False) in `state`."""
    parts = [_HEAD]
    if state == "disabled":
        parts.append(_DISABLED)
    elif state == "unprotected" and databases:
        parts.append(_INSECURE)
    if state != "disabled" and databases:
        parts.append('                <div class="list-group">\n')
        for db in databases:
            name = html.escape(db)
            parts.append(_DATABASE.format(db=name, buttons=_BUTTONS.format(db=name) if manage else ""))
        parts.append("                </div>\n")
        parts.append(_MANAGE if manage else
                     '                <div class="text-center mt-2"><a href="/web/database/manager">Manage databases</a></div>\n')
    parts.append(_MODALS)
    return "".join(parts)


def _send(handler, status, body, content_type, location=None):
    common.write_response(handler, status, body.encode(), content_type,
                          {"Location": location} if location else None)


class _Handler(common.ReplayHandler):
    server_version = "Werkzeug/3.0.1"
    sys_version = "Python/3.12"


class OdooWeb(common.HTTPSService):
    """See the module documentation."""

    thread_name = "odoo-web"

    def __init__(self, manager="disabled", version="17.0", databases=("retail",), tls=False,
                 ca=None, delay=0.0, directory=None):
        if manager not in MANAGER_STATES:
            raise ValueError(f"manager must be one of {MANAGER_STATES}")
        self.manager = manager
        self.version = version
        self.databases = tuple(databases)
        self.tls = tls
        self.delay = delay
        self._log = []
        self._lock = threading.Lock()
        self.ca = None
        if tls:
            self.directory, self._own_directory = (directory, False) if directory else \
                (tempfile.mkdtemp(prefix="golive-odoo-web-"), True)
            self.ca = ca or CertificateAuthority(os.path.join(self.directory, "pki"), "odoo CA")
            self.certificate = self.ca.issue("odoo", sans=["localhost", "127.0.0.1"])

    def _make_server(self):
        context = common.tls_server_context(self.certificate) if self.tls else None
        return common.ReplayServer(self, _Handler, context)

    def start(self):
        super().start()
        if not self.tls:
            self.url = f"http://{common.LOOPBACK}:{self.port}"
        return self

    def requests(self):
        with self._lock:
            return list(self._log)

    def _serve(self, handler):
        self._answer(handler, handler.command, handler.body())

    def _answer(self, handler, method, body):
        path = handler.path.split("?")[0]
        with self._lock:
            self._log.append({"method": method, "path": path, "body": body})
        if self.delay:
            time.sleep(self.delay)
        if self.manager == "to_https":
            host = handler.headers.get("Host") or f"{common.LOOPBACK}:{self.port}"
            return _send(handler, 301, "Moved Permanently\n", "text/plain",
                                 location=f"https://{host.split(':')[0]}{handler.path}")
        if method == "GET" and path == "/web/health":
            return _send(handler, 200, json.dumps({"status": "pass"}), "application/json")
        if method == "GET" and path in ("/web/database/manager", "/web/database/selector"):
            if self.manager == "blocked":
                return _send(handler, 403, "Forbidden\n", "text/plain")
            if self.manager == "to_login":
                return _send(handler, 302, "Found\n", "text/plain", location="/web/login")
            page = database_page(self.manager, self.databases, manage=path.endswith("manager"))
            return _send(handler, 200, page, "text/html; charset=utf-8")
        if method == "POST" and path == "/web/webclient/version_info":
            major, minor = (self.version.split(".") + ["0"])[:2]
            result = {"server_version": self.version,
                      "server_version_info": [int(major), int(minor), 0, "final", 0, ""],
                      "server_serie": self.version, "protocol_version": 1}
            return _send(handler, 200, json.dumps({"jsonrpc": "2.0", "id": None, "result": result}),
                                 "application/json")
        return _send(handler, 404, "<html><body><h1>404: Not Found</h1></body></html>",
                             "text/html; charset=utf-8")
