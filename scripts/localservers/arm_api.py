"""A loopback HTTPS server that plays Entra ID's token endpoint, the instance
metadata service (managed identity) and Azure Resource Manager, for the Azure
collector's tests. Python stdlib and the openssl CLI only.

    with ArmServer(client_secret="s3cret") as arm:
        arm.url                          # https://127.0.0.1:PORT (authority and RM)
        arm.ca.cert                      # the private CA to trust (ca_file)
        arm.add_fault(path=r".*/providers/microsoft\\.cache/.*", status=403)
        arm.requests()                   # every request: method, path, query, status, ...
        arm.issued                       # every token it issued

Resources: one subscription (SUBSCRIPTION) holding the REST API examples of
tests/data/arm-examples (responses.200.body) and the PSRule for
Azure test resources that are in the raw ARM shape, re-homed into it, plus a
few made here (PostgreSQL configurations to page through, diagnostic
settings, a policy assignment, the AKS versions of a region). Lists come in
pages of `page_size` items with a nextLink.

Faults: add_fault(path=regex over the lower-cased path, status=..., times=N,
retry_after="1", delay=seconds, stall=seconds); expire_tokens_after=N makes
every token invalid after N requests (401 invalid_token). It listens on
127.0.0.1 only.
"""

import base64
import copy
import hashlib
import json
import os
import re
import secrets
import subprocess
import tempfile
import threading
import time
import urllib.parse

from localservers import common
from localservers.certs import CertificateAuthority

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
TENANT = "11111111-1111-1111-1111-111111111111"
CLIENT_ID = "22222222-2222-2222-2222-222222222222"
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def _b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _rehome(resource_id, rg=None):
    """The id moved into SUBSCRIPTION (and resource group `rg`)."""
    parts = resource_id.split("/")
    parts[2] = SUBSCRIPTION
    if rg:
        parts[4] = rg
    return "/".join(parts)


def _example(relative):
    with open(common.test_data("arm-examples", relative)) as f:
        return copy.deepcopy(json.load(f)["responses"]["200"]["body"])


def _psrule_arm_items(name):
    """PSRule test resources in the raw ARM REST shape (lower-case keys)."""
    with open(common.test_data("psrule-azure", "data", name)) as f:
        items = json.load(f)
    return [i for i in items if "properties" in i and "type" in i and "id" in i]


class Fault:
    def __init__(self, path, status=None, times=None, retry_after=None, delay=0.0, stall=0.0,
                 method=None):
        self.path, self.status, self.times = re.compile(path), status, times
        self.retry_after, self.delay, self.stall, self.method = retry_after, delay, stall, method
        self.applied = 0

    def matches(self, method, path):
        if self.times is not None and self.applied >= self.times:
            return False
        return (self.method is None or self.method == method) and bool(
            self.path.fullmatch(path.lower()))


class _Handler(common.ReplayHandler):
    server_version = "golive-arm-replay"

    def _any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        self.server.owner._serve(self, self.command, body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _any  # noqa: N815


class HttpError(Exception):
    def __init__(self, code, body, headers=None):
        super().__init__(code)
        self.code, self.body, self.headers = code, body, headers or {}


def _arm_error(code, error_code, message):
    return HttpError(code, {"error": {"code": error_code, "message": message}})


class ArmServer(common.HTTPSService):
    thread_name = "arm-api"

    def __init__(self, client_secret=None, certificate=None, federated_token=None,
                 managed_identity=True, page_size=2, token_lifetime=3600, directory=None):
        self.client_secret = client_secret
        self.certificate = certificate  # PEM path of the client certificate
        self.federated_token = federated_token
        self.managed_identity = managed_identity
        self.page_size = page_size
        self.token_lifetime = token_lifetime
        self.expire_tokens_after = None
        self.directory, self._own_directory = (directory, False) if directory else (
            tempfile.mkdtemp(prefix="golive-arm-api-"), True)
        self.ca = CertificateAuthority(os.path.join(self.directory, "pki"), "arm replay CA")
        self.server_cert = self.ca.issue("management.local", sans=["localhost", "127.0.0.1"])
        self.tokens = {}  # token -> {"expires": epoch, "uses": n}
        self.issued = []
        self.assertions = []  # client assertions received (for the no-leak tests)
        self.faults = []
        self._log = []
        self._lock = threading.Lock()
        self.resources = {}  # lower-case id -> resource
        self.children = {}  # lower-case parent id -> {lower-case child path: [items]}
        self._load()
        self._server = None

    # -- data ---------------------------------------------------------------

    def add_resource(self, resource, children=None):
        self.resources[resource["id"].lower()] = resource
        for path, items in (children or {}).items():
            self.children.setdefault(resource["id"].lower(), {})[path.lower()] = items

    def _load(self):
        sub = f"/subscriptions/{SUBSCRIPTION}"
        cluster = _example("aks/ManagedClustersGet.json")
        cluster["id"] = _rehome(cluster["id"])
        pool = _example("aks/AgentPoolsGet.json")
        pool["id"] = _rehome(pool["id"])
        pool.setdefault("type", "Microsoft.ContainerService/managedClusters/agentPools")
        diagnostic = {
            "id": cluster["id"] + "/providers/microsoft.insights/diagnosticSettings/to-law",
            "name": "to-law", "type": "Microsoft.Insights/diagnosticSettings",
            "properties": {"workspaceId": f"{sub}/resourceGroups/rg1/providers/"
                           "Microsoft.OperationalInsights/workspaces/law1",
                           "logs": [{"categoryGroup": "allLogs", "enabled": True}],
                           "metrics": [{"category": "AllMetrics", "enabled": True}]}}
        self.add_resource(cluster, {
            "/agentPools": [pool],
            "/maintenanceConfigurations": [{
                "id": cluster["id"] + "/maintenanceConfigurations/aksManagedAutoUpgradeSchedule",
                "name": "aksManagedAutoUpgradeSchedule",
                "type": "Microsoft.ContainerService/managedClusters/maintenanceConfigurations",
                "properties": {"maintenanceWindow": {"durationHours": 4}}}],
            "/providers/Microsoft.Insights/diagnosticSettings": [diagnostic]})
        server = _example("postgresql-flexible/ServerGet.json")
        server["id"] = _rehome(server["id"])
        config = _example("postgresql-flexible/ConfigurationGet.json")
        configs = [config] + [
            {"name": name, "type": "Microsoft.DBforPostgreSQL/flexibleServers/configurations",
             "properties": {"value": value, "source": "user-override"}}
            for name, value in (("require_secure_transport", "on"),
                                ("ssl_min_protocol_version", "TLSv1.2"),
                                ("log_min_duration_statement", "1000"),
                                ("shared_preload_libraries", "pg_stat_statements"))]
        for c in configs:
            c["id"] = server["id"] + "/configurations/" + c["name"]
        self.add_resource(server, {"/configurations": configs})
        vnet_server = _example("postgresql-flexible/ServerGetWithVnet.json")
        vnet_server["name"] = "exampleserver-vnet"
        vnet_server["id"] = _rehome(vnet_server["id"]) + "-vnet"
        self.add_resource(vnet_server)
        cache = _example("redis/RedisCacheGet.json")
        cache["id"] = _rehome(cache["id"])
        self.add_resource(cache)
        for data in ("Resources.AKS.json", "Resources.Redis.json", "Resources.Storage.json"):
            for item in _psrule_arm_items(data):
                item = copy.deepcopy(item)
                item.pop("apiVersion", None)
                item["id"] = _rehome(item["id"])
                children = {}
                for child in item.pop("resources", []):
                    kind = child["type"].split("/")[-1]
                    child.setdefault("id", f"{item['id']}/{kind}/{child.get('name', 'default')}")
                    children.setdefault("/" + kind, []).append(child)
                self.add_resource(item, children)
        self.policy_assignments = [{
            "id": f"{sub}/providers/Microsoft.Authorization/policyAssignments/aks-baseline",
            "name": "aks-baseline", "type": "Microsoft.Authorization/policyAssignments",
            "properties": {"displayName": "AKS baseline", "enforcementMode": "Default"}}]
        self.aks_versions = {"values": [
            {"version": "1.33", "isPreview": False, "patchVersions": {"1.33.5": {}},
             "capabilities": {"supportPlan": ["KubernetesOfficial"]}},
            {"version": "1.34", "isPreview": False, "patchVersions": {"1.34.2": {}},
             "capabilities": {"supportPlan": ["KubernetesOfficial"]}}]}

    def resource_groups(self):
        names = sorted({r["id"].split("/")[4] for r in self.resources.values()}, key=str.lower)
        return [{"id": f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{n}", "name": n,
                 "type": "Microsoft.Resources/resourceGroups", "location": "westeurope",
                 "properties": {"provisioningState": "Succeeded"}} for n in names]

    @staticmethod
    def generic(resource):
        keys = ("id", "name", "type", "kind", "location", "tags", "sku", "managedBy")
        return {k: resource[k] for k in keys if k in resource}

    def of_type(self, type_name, rg=None):
        return [r for r in self.resources.values() if r["type"].lower() == type_name.lower()
                and (rg is None or r["id"].split("/")[4].lower() == rg.lower())]

    # -- lifecycle ------------------------------------------------------------

    def _make_server(self):
        return common.ReplayServer(self, _Handler, common.tls_server_context(self.server_cert))

    # -- faults, tokens and log -------------------------------------------------

    def add_fault(self, **kwargs):
        fault = Fault(**kwargs)
        with self._lock:
            self.faults.append(fault)
        return fault

    def add_token(self, token, lifetime=3600):
        """A token it accepts without having issued it (an explicit token)."""
        with self._lock:
            self.tokens[token] = {"expires": time.time() + lifetime, "uses": 0}

    def _issue(self, lifetime=None):
        token = "arm-" + secrets.token_urlsafe(24)
        lifetime = self.token_lifetime if lifetime is None else lifetime
        with self._lock:
            self.tokens[token] = {"expires": time.time() + lifetime, "uses": 0}
            self.issued.append(token)
        return token, lifetime

    def requests(self, path=None, method=None):
        with self._lock:
            entries = list(self._log)
        return [e for e in entries if (path is None or re.fullmatch(path, e["path"].lower()))
                and (method is None or e["method"] == method)]

    def clear_log(self):
        with self._lock:
            self._log = []

    # -- serving ----------------------------------------------------------------

    def _serve(self, handler, method, body):
        parsed = urllib.parse.urlsplit(handler.path)
        path = parsed.path.rstrip("/") or "/"
        query = {k: v[-1] for k, v in urllib.parse.parse_qs(parsed.query).items()}
        entry = {"method": method, "path": path, "query": query, "time": time.time(),
                 "status": None, "fault": None}
        stall, headers = 0.0, {}
        try:
            fault = self._take_fault(method, path)
            if fault:
                entry["fault"] = fault.status or "slow"
                time.sleep(fault.delay)
                stall = fault.stall
                if fault.status:
                    extra = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                    raise HttpError(fault.status, {"error": {
                        "code": "TooManyRequests" if fault.status == 429 else "AuthorizationFailed",
                        "message": f"injected {fault.status}"}}, extra)
            if method == "POST" and path.endswith("/oauth2/v2.0/token"):
                code, answer = 200, self._token_endpoint(path, body)
            elif method == "GET" and path == "/metadata/identity/oauth2/token":
                code, answer = 200, self._imds(handler, query)
            elif method != "GET":
                raise _arm_error(405, "MethodNotAllowed", "this replay is read-only")
            else:
                self._authenticate(handler)
                code, answer = 200, self._arm(path, query)
        except HttpError as e:
            code, answer, headers = e.code, e.body, e.headers
        entry["status"] = code
        with self._lock:
            self._log.append(entry)
        self._write(handler, code, answer, headers, stall)

    def _take_fault(self, method, path):
        with self._lock:
            for fault in self.faults:
                if fault.matches(method, path):
                    fault.applied += 1
                    return fault
        return None

    def _write(self, handler, code, body, headers, stall):
        common.write_response(handler, code, json.dumps(body).encode(),
                              "application/json; charset=utf-8", headers, stall)

    # -- Entra ID and IMDS --------------------------------------------------------

    def _token_endpoint(self, path, body):
        form = {k: v[-1] for k, v in urllib.parse.parse_qs(body).items()}

        def refuse(code, description):
            raise HttpError(401 if code == "invalid_client" else 400,
                            {"error": code, "error_description": description})

        if path != f"/{TENANT}/oauth2/v2.0/token":
            refuse("invalid_request", "AADSTS90002: Tenant not found.")
        if form.get("grant_type") != "client_credentials" or form.get("client_id") != CLIENT_ID:
            refuse("unauthorized_client", "AADSTS700016: Application not found.")
        if form.get("scope") != self.url + "/.default":
            refuse("invalid_scope", "AADSTS70011: The provided value for scope is not valid.")
        if "client_secret" in form:
            if self.client_secret is None or form["client_secret"] != self.client_secret:
                refuse("invalid_client", "AADSTS7000215: Invalid client secret provided.")
        elif form.get("client_assertion_type") == JWT_BEARER and "client_assertion" in form:
            self.assertions.append(form["client_assertion"])
            self._check_assertion(form["client_assertion"], path, refuse)
        else:
            refuse("invalid_request", "AADSTS900144: client_secret or client_assertion missing.")
        token, lifetime = self._issue()
        return {"token_type": "Bearer", "expires_in": lifetime, "ext_expires_in": lifetime,
                "access_token": token}

    def _check_assertion(self, assertion, path, refuse):
        if self.federated_token is not None and assertion == self.federated_token:
            return
        if self.certificate is None:
            refuse("invalid_client", "AADSTS700024: Client assertion is not valid.")
        try:
            header_b64, claims_b64, signature_b64 = assertion.split(".")
            header = json.loads(_b64url_decode(header_b64))
            claims = json.loads(_b64url_decode(claims_b64))
        except ValueError:
            refuse("invalid_client", "AADSTS50027: JWT token is invalid or malformed.")
        der = subprocess.run(["openssl", "x509", "-in", self.certificate, "-outform", "DER"],
                             capture_output=True, check=True).stdout
        thumbprint = base64.urlsafe_b64encode(hashlib.sha1(der).digest()).decode().rstrip("=")
        now = time.time()
        if header.get("alg") != "RS256" or header.get("x5t") != thumbprint:
            refuse("invalid_client", "AADSTS700027: unknown certificate thumbprint (x5t).")
        if claims.get("aud") != self.url + path or claims.get("iss") != CLIENT_ID or \
                claims.get("sub") != CLIENT_ID or not claims.get("nbf", now + 1) <= now + 60 or \
                not claims.get("exp", 0) > now:
            refuse("invalid_client", "AADSTS700027: the assertion's claims are not valid.")
        if not self._signature_valid(f"{header_b64}.{claims_b64}", _b64url_decode(signature_b64)):
            refuse("invalid_client", "AADSTS700027: the assertion's signature is not valid.")

    def _signature_valid(self, signed, signature):
        with tempfile.TemporaryDirectory() as work:
            public, sig, data = (os.path.join(work, n) for n in ("pub.pem", "sig", "data"))
            subprocess.run(["openssl", "x509", "-in", self.certificate, "-pubkey", "-noout",
                            "-out", public], check=True, capture_output=True)
            with open(sig, "wb") as f:
                f.write(signature)
            with open(data, "wb") as f:
                f.write(signed.encode())
            return subprocess.run(["openssl", "dgst", "-sha256", "-verify", public,
                                   "-signature", sig, data], capture_output=True).returncode == 0

    def _imds(self, handler, query):
        if handler.headers.get("Metadata") != "true":
            raise HttpError(400, {"error": "invalid_request",
                                  "error_description": "Required metadata header not specified"})
        if not self.managed_identity:
            raise HttpError(400, {"error": "invalid_request",
                                  "error_description": "Identity not found"})
        if query.get("resource") != self.url or query.get("api-version") != "2018-02-01":
            raise HttpError(400, {"error": "invalid_resource",
                                  "error_description": "AADSTS500011: resource not found"})
        token, lifetime = self._issue()
        expires = int(time.time()) + lifetime
        return {"access_token": token, "expires_in": str(lifetime), "expires_on": str(expires),
                "resource": query["resource"], "token_type": "Bearer"}

    # -- Resource Manager ---------------------------------------------------------

    def _authenticate(self, handler):
        header = handler.headers.get("Authorization", "")
        token = header[len("Bearer "):] if header.startswith("Bearer ") else None
        with self._lock:
            state = self.tokens.get(token)
            if state:
                state["uses"] += 1
            expired = state is not None and (
                state["expires"] < time.time() or (self.expire_tokens_after is not None
                                                   and state["uses"] > self.expire_tokens_after))
        if state is None or expired:
            raise HttpError(401, {"error": {
                "code": "ExpiredAuthenticationToken" if expired else "InvalidAuthenticationToken",
                "message": "The access token expiry UTC time is earlier than current UTC time."
                if expired else "The access token is invalid."}},
                {"WWW-Authenticate": 'Bearer authorization_uri="https://login.windows.net/", '
                 'error="invalid_token", error_description="The access token expiry UTC time '
                 'is earlier than current UTC time."'})

    def _page(self, path, query, items):
        start = int(query.get("$skiptoken", "0"))
        page = items[start:start + self.page_size]
        body = {"value": page}
        if start + self.page_size < len(items):
            api = urllib.parse.quote(query.get("api-version", ""))
            body["nextLink"] = f"{self.url}{path}?api-version={api}&$skiptoken={start + self.page_size}"
        return body

    def _arm(self, path, query):
        lower = path.lower()
        sub = f"/subscriptions/{SUBSCRIPTION}"
        if not lower.startswith(sub):
            raise _arm_error(404, "SubscriptionNotFound", "The subscription could not be found.")
        rest = lower[len(sub):]
        if rest == "":
            return {"id": sub, "subscriptionId": SUBSCRIPTION, "tenantId": TENANT,
                    "displayName": "retail-prod", "state": "Enabled"}
        if rest == "/locations":
            return self._page(path, query, [
                {"name": "westeurope", "displayName": "West Europe",
                 "availabilityZoneMappings": [{"logicalZone": z, "physicalZone": f"westeurope-az{z}"}
                                              for z in "123"]},
                {"name": "northeurope", "displayName": "North Europe"}])
        if rest == "/resourcegroups":
            return self._page(path, query, self.resource_groups())
        m = re.fullmatch(r"/resourcegroups/([^/]+)", rest)
        if m:
            for group in self.resource_groups():
                if group["name"].lower() == m.group(1):
                    return group
            raise _arm_error(404, "ResourceGroupNotFound", "Resource group not found.")
        m = re.fullmatch(r"(?:/resourcegroups/([^/]+))?/resources", rest)
        if m:
            return self._page(path, query, [self.generic(r) for r in self.resources.values()
                                            if m.group(1) is None
                                            or r["id"].split("/")[4].lower() == m.group(1)])
        if rest == "/providers/microsoft.authorization/policyassignments":
            return self._page(path, query, self.policy_assignments)
        if re.fullmatch(r"/providers/microsoft.containerservice/locations/[^/]+/kubernetesversions",
                        rest):
            return self.aks_versions
        m = re.fullmatch(r"(?:/resourcegroups/([^/]+))?/providers/([^/]+/[^/]+)", rest)
        if m:
            return self._page(path, query, self.of_type(m.group(2), m.group(1)))
        if lower in self.resources:
            return self.resources[lower]
        for parent in sorted(self.resources, key=len, reverse=True):
            if lower.startswith(parent + "/"):
                child_path = lower[len(parent):]
                return self._page(path, query, self.children.get(parent, {}).get(child_path, []))
        raise _arm_error(404, "ResourceNotFound", f"The resource {path} was not found.")
