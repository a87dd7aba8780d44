#!/usr/bin/python3
"""The Traefik collector, live, against a loopback HTTPS server replaying
Traefik's API (scripts/localservers/traefik_api.py, the golden responses of
tests/data/traefik-api, v3 and v2.11).

    GOLIVE=build/golive GOLIVE_SOURCE_DIR=. python3 tests/integration/traefik_collector_test.py [Class]

GoldenTest       every golden response of both versions (but /api/rawdata, not
                 collected) is served and found in the facts exactly (basicAuth
                 password hashes redacted), lists read over several pages
                 (X-Next-Page).
FixturesTest     our own objects the goldens lack: a DOWN server with a health
                 check, a router with `error`, rateLimit, headers, redirectScheme;
                 the rules that read them.
ExposureTest     the API answering without the configured credentials, and a
                 dashboard router on a public entrypoint without auth; an
                 anonymous probe answered 503 is unknown.
CertificateTest  a certificate made to expire in 10 days is read from a
                 loopback TLS server and fails the expiry rule; a host that
                 refuses is unknown. The TLS versions hosts accept: TLS 1.2+
                 only passes the min-tls-version rule, TLS 1.0-1.2 fails it, a
                 TLS 1.0-only host gives no certificate but its versions. A
                 silent host costs at most 10 s: the next host is still read.
FaultsTest       unreachable, stalled, 401, 500 on one list, 404 of endpoints
                 older versions lack: unknown findings, never pass.
SecretsTest      the basic-auth password and the bearer token in no output;
                 middleware settings named like secrets (a plugin's API key,
                 rateLimit.redis.password) redacted.
ConfigTest       settings errors with file:line:column, exit 2.
"""

import base64
import copy
import json
import os
import re
import shutil
import sys
import tempfile
import unittest

SOURCE_DIR = os.path.abspath(os.environ.get(
    "GOLIVE_SOURCE_DIR",
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
GOLIVE = os.path.abspath(os.environ.get("GOLIVE", os.path.join(SOURCE_DIR, "build", "golive")))
sys.path.insert(0, os.path.join(SOURCE_DIR, "scripts"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from golive_run import CollectorRuns  # noqa: E402
from localservers import common  # noqa: E402
from localservers.traefik_api import LIST_PATHS, TraefikServer, golden_files  # noqa: E402

PASSWORD = "traefik-distinctive-PASSWORD-5c1e"  # planted: must never be printed
TOKEN = "traefik-distinctive-TOKEN-a94d07"
REDACTED = "<redacted by golive>"
FACT_KEYS = {  # list endpoint -> JSON path under facts.traefik
    "/api/entrypoints": ("entrypoints",), "/api/http/routers": ("routers",),
    "/api/http/services": ("services",), "/api/http/middlewares": ("middlewares",),
    "/api/tcp/routers": ("tcp", "routers"), "/api/tcp/services": ("tcp", "services"),
    "/api/tcp/middlewares": ("tcp", "middlewares"), "/api/udp/routers": ("udp", "routers"),
    "/api/udp/services": ("udp", "services"),
}


def at(facts, path):
    for key in path:
        facts = facts[key]
    return facts


def redacted(items):
    """What the snapshot holds for served objects: basicAuth/digestAuth users
    keep their names, never their password hashes."""
    items = copy.deepcopy(items)
    for item in items:
        for key in ("basicAuth", "digestAuth"):
            if isinstance(item.get(key), dict) and "users" in item[key]:
                item[key]["users"] = [u.split(":")[0] + ":" + REDACTED for u in item[key]["users"]]
    return items


class TraefikCase(CollectorRuns, unittest.TestCase):
    GOLIVE, COLLECTOR, ENVIRONMENT, TIMEOUT = GOLIVE, "traefik", "traefik-it", "20s"
    SERVER = {}

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="golive-traefik-it-")
        self.env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
        self.env.update(HOME=self.dir, NO_COLOR="1", TRAEFIK_PASSWORD=PASSWORD,
                        TRAEFIK_TOKEN=TOKEN)
        self.api = TraefikServer(**{"username": "golive", "password": PASSWORD,
                                    **self.SERVER}).start()

    def tearDown(self):
        self.api.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def base_settings(self):
        return {"url": self.api.url, "ca_file": self.api.ca.cert,
                "basic_auth": {"username": "golive", "password": "${env:TRAEFIK_PASSWORD}"}}

    def collect(self, settings=None, timeout=None):
        doc, status, result = super().collect(settings, timeout)
        return doc["facts"].get("traefik", {}), status, result

    def audit(self, settings=None):
        """(exit code, findings by rule id) of `golive audit` with the traefik rules only."""
        pack = os.path.join(self.dir, "traefik-rules")
        if not os.path.isdir(pack):
            os.makedirs(pack)
            for root, _, files in os.walk(os.path.join(SOURCE_DIR, "rules")):
                for name in files:
                    if ".traefik." in name:
                        shutil.copy(os.path.join(root, name), pack)
            shutil.copy(os.path.join(SOURCE_DIR, "rules", "profiles.yaml"), pack)
            # The definitions the rules call (rules/lib).
            shutil.copytree(os.path.join(SOURCE_DIR, "rules", "lib"), os.path.join(pack, "lib"))
        config = self.write_config(settings, name="audit.yaml")
        result = self.golive("audit", "--config", config, "--format", "json", "--no-builtin",
                             "--rules", pack)
        self.assertNotEqual(result.returncode, 2, result.stderr)
        findings = {}
        for finding in json.loads(result.stdout)["findings"]:
            findings.setdefault(finding["rule_id"], []).append(finding)
        return result.returncode, findings

    def statuses(self, findings, rule_id):
        return {f["resource"]: f["status"] for f in findings.get(rule_id, [])}


class GoldenTest(TraefikCase):
    def check_version(self, version):
        files = golden_files(version)
        by_endpoint = {}
        for name, (path, body) in files.items():
            by_endpoint.setdefault(path, []).append((name, body))
        runs = max(len(v) for v in by_endpoint.values())
        seen = set()
        self.api.stop()
        self.api = TraefikServer(version=version, username="golive", password=PASSWORD).start()
        for run in range(runs):
            served = {}
            for path, variants in by_endpoint.items():
                name, body = variants[run % len(variants)]
                served[path] = (name, body)
                if isinstance(body, list):
                    self.api.set_list(path, body)
                else:
                    self.api.set_object(path, body)
            facts, status, _ = self.collect({"page_size": 2})
            self.assertEqual(status["status"], "ok", f"{version} run {run}: {status}")
            for path, (name, body) in served.items():
                with self.subTest(version=version, file=name):
                    if path == "/api/overview":
                        self.assertEqual(facts["overview"], body)
                    else:
                        self.assertEqual(at(facts, FACT_KEYS[path]), redacted(body))
                        pages = [r for r in self.api.requests(re.escape(path))
                                 if r["query"].get("per_page") == "2"]
                        self.assertGreaterEqual(len(pages), max(1, (len(body) + 1) // 2))
                    seen.add(name)
            self.api._log.clear()
        self.assertEqual(seen, set(files), "every golden file served and checked")
        return facts

    def test_v3(self):
        facts = self.check_version("v3")
        self.assertEqual(facts["version"]["Version"], "3.7.9")

    def test_v2(self):
        facts = self.check_version("v2")
        self.assertEqual(facts["version"]["Version"], "2.11.53")

    def test_pages_follow_x_next_page(self):
        routers = [{"name": f"r{i:02d}@file", "provider": "file", "entryPoints": ["websecure"],
                    "rule": f"Host(`r{i}.example.com`)", "service": "s@file", "tls": {},
                    "status": "enabled", "using": ["websecure"]} for i in range(7)]
        self.api.set_list("/api/http/routers", routers)
        facts, status, _ = self.collect({"page_size": 3})
        self.assertEqual(facts["routers"], routers)
        pages = [r["query"]["page"] for r in self.api.requests("/api/http/routers")]
        self.assertEqual(pages, ["1", "2", "3"])
        self.assertTrue(all(r["authorized"] for r in self.api.requests("/api/http/.*")))


def fixtures():
    return {
        "/api/http/services": [
            {"name": "odoo-web@kubernetescrd", "provider": "kubernetescrd", "type": "loadbalancer",
             "status": "enabled", "usedBy": ["odoo@kubernetescrd"],
             "loadBalancer": {"servers": [{"url": "http://10.244.1.12:8069"},
                                          {"url": "http://10.244.2.17:8069"}],
                              "passHostHeader": True,
                              "healthCheck": {"path": "/web/health", "interval": "10s",
                                              "timeout": "3s"}},
             "serverStatus": {"http://10.244.1.12:8069": "UP", "http://10.244.2.17:8069": "DOWN"}},
            {"name": "odoo-chat@kubernetescrd", "provider": "kubernetescrd", "type": "loadbalancer",
             "status": "enabled", "usedBy": ["odoo-ws@kubernetescrd"],
             "loadBalancer": {"servers": [{"url": "http://10.244.1.12:8072"}]},
             "serverStatus": {"http://10.244.1.12:8072": "UP"}}],
        "/api/http/routers": [
            {"name": "odoo@kubernetescrd", "provider": "kubernetescrd", "entryPoints": ["websecure"],
             "rule": "Host(`erp.example.com`)", "service": "odoo-web@kubernetescrd",
             "middlewares": ["security-headers@kubernetescrd", "login-ratelimit@kubernetescrd"],
             "tls": {"certResolver": "letsencrypt", "domains": [{"main": "erp.example.com"}]},
             "priority": 30, "status": "enabled", "using": ["websecure"]},
            {"name": "odoo-http@kubernetescrd", "provider": "kubernetescrd", "entryPoints": ["web"],
             "rule": "Host(`erp.example.com`)", "service": "odoo-web@kubernetescrd",
             "middlewares": ["https-redirect@kubernetescrd"], "priority": 30,
             "status": "enabled", "using": ["web"]},
            {"name": "odoo-ws@kubernetescrd", "provider": "kubernetescrd", "entryPoints": ["web"],
             "rule": "Host(`erp.example.com`) && PathPrefix(`/websocket`)",
             "service": "odoo-chat@kubernetescrd", "middlewares": ["missing@kubernetescrd"],
             "priority": 60, "status": "disabled",
             "error": ["middleware \"missing@kubernetescrd\" does not exist"], "using": ["web"]}],
        "/api/http/middlewares": [
            {"name": "https-redirect@kubernetescrd", "provider": "kubernetescrd",
             "type": "redirectscheme", "redirectScheme": {"scheme": "https", "permanent": True},
             "status": "enabled", "usedBy": ["odoo-http@kubernetescrd"]},
            {"name": "login-ratelimit@kubernetescrd", "provider": "kubernetescrd",
             "type": "ratelimit", "rateLimit": {"average": 10, "period": "1m", "burst": 20},
             "status": "enabled", "usedBy": ["odoo@kubernetescrd"]},
            {"name": "security-headers@kubernetescrd", "provider": "kubernetescrd",
             "type": "headers", "headers": {"frameDeny": True, "contentTypeNosniff": True,
                                            "stsSeconds": 31536000, "stsIncludeSubdomains": True,
                                            "customRequestHeaders": {"X-Forwarded-Proto": "https"}},
             "status": "enabled", "usedBy": ["odoo@kubernetescrd"]}],
        "/api/entrypoints": [
            {"name": "web", "address": ":8000/tcp", "http": {}},
            {"name": "websecure", "address": ":8443/tcp", "http": {"tls": {}}}],
    }


class FixturesTest(TraefikCase):
    def setUp(self):
        super().setUp()
        for path, items in fixtures().items():
            self.api.set_list(path, items)

    def test_objects_as_served(self):
        facts, status, _ = self.collect()
        self.assertEqual(status["status"], "ok", status)
        for path, items in fixtures().items():
            self.assertEqual(at(facts, FACT_KEYS[path]), items)
        down = facts["services"][0]
        self.assertEqual(down["serverStatus"]["http://10.244.2.17:8069"], "DOWN")
        self.assertEqual(facts["routers"][2]["error"],
                         ["middleware \"missing@kubernetescrd\" does not exist"])

    def test_rules(self):
        _, findings = self.audit()
        self.assertEqual(self.statuses(findings, "operations.traefik.backends-healthy"),
                         {"odoo-web@kubernetescrd": "fail", "odoo-chat@kubernetescrd": "pass"})
        self.assertEqual(self.statuses(findings, "security.traefik.routers-tls"),
                         {"odoo@kubernetescrd": "pass", "odoo-http@kubernetescrd": "pass",
                          "odoo-ws@kubernetescrd": "fail"})
        self.assertEqual(self.statuses(findings, "operations.traefik.supported-version"),
                         {"traefik": "pass"})

    def test_secret_header_values_are_redacted(self):
        middlewares = fixtures()["/api/http/middlewares"]
        middlewares[2]["headers"]["customRequestHeaders"]["Authorization"] = "Bearer upstream-key-77"
        self.api.set_list("/api/http/middlewares", middlewares)
        facts, _, _ = self.collect()
        headers = facts["middlewares"][2]["headers"]["customRequestHeaders"]
        self.assertEqual(headers, {"X-Forwarded-Proto": "https", "Authorization": REDACTED})


class ExposureTest(TraefikCase):
    SERVER = {"anonymous_version": True}

    def test_api_answering_without_credentials(self):
        facts, _, _ = self.collect()
        self.assertEqual(facts["api_exposure"],
                         {"url": self.api.url, "credentials": True, "anonymous_status": 200})
        anonymous = [r for r in self.api.requests("/api/version") if not r["authorization"]]
        self.assertEqual(len(anonymous), 1)
        _, findings = self.audit()
        self.assertEqual(self.statuses(findings, "security.traefik.api-not-exposed"),
                         {"traefik API": "fail"})

    def test_api_refusing_anonymous_requests(self):
        self.api.anonymous_version = False
        facts, _, _ = self.collect()
        self.assertEqual(facts["api_exposure"]["anonymous_status"], 401)
        self.api.set_list("/api/http/routers", [])
        _, findings = self.audit()
        self.assertEqual(self.statuses(findings, "security.traefik.api-not-exposed"),
                         {"traefik API": "pass"})

    def test_anonymous_probe_answered_503_is_unknown(self):
        self.api.anonymous_version = False
        self.api.add_fault(path="/api/version", status=503, authorized=False,
                           body={"message": "no available server"})
        facts, status, _ = self.collect()
        self.assertEqual(facts["api_exposure"]["anonymous_status"], 503)
        self.assertIn("answered 503", facts["unavailable"]["api_exposure"])
        self.assertEqual(status["status"], "partial")
        self.assertIn("api_exposure:", status["error"])
        self.api.add_fault(path="/api/version", status=503, authorized=False)
        self.api.set_list("/api/http/routers", [])
        _, findings = self.audit()
        self.assertEqual(self.statuses(findings, "security.traefik.api-not-exposed"),
                         {"traefik API": "unknown"})

    def test_dashboard_router_on_a_public_entrypoint(self):
        self.api.anonymous_version = False
        self.api.set_list("/api/http/routers", [
            {"name": "dashboard@kubernetescrd", "provider": "kubernetescrd",
             "entryPoints": ["websecure"], "rule": "Host(`traefik.example.com`)",
             "service": "api@internal", "tls": {}, "status": "enabled", "using": ["websecure"]}])
        _, findings = self.audit()
        self.assertEqual(self.statuses(findings, "security.traefik.api-not-exposed"),
                         {"traefik API": "fail"})


class CertificateTest(TraefikCase):
    SERVER = {"cert_days": 10}

    def test_certificate_expiring_in_10_days(self):
        host = f"localhost:{self.api.port}"
        facts, status, _ = self.collect({"public_hosts": [host]})
        self.assertEqual(status["status"], "ok", status)
        [cert] = facts["certificates"]
        self.assertEqual((cert["host"], cert["port"]), ("localhost", self.api.port))
        self.assertEqual(cert["subject"], "CN=traefik.local")
        self.assertEqual(cert["issuer"], "CN=traefik replay CA")
        self.assertEqual(cert["sans"], ["localhost", "127.0.0.1"])
        self.assertTrue(cert["verified"], cert)
        import datetime
        not_after = datetime.datetime.fromisoformat(cert["not_after"].replace("Z", "+00:00"))
        left = not_after - datetime.datetime.now(datetime.timezone.utc)
        self.assertTrue(datetime.timedelta(days=9) < left <= datetime.timedelta(days=10), left)
        _, findings = self.audit({"public_hosts": [host]})
        self.assertEqual(self.statuses(findings, "security.traefik.certificate-expiry"),
                         {host: "fail"})

    def test_unverified_certificate_is_still_read(self):
        host = f"localhost:{self.api.port}"
        facts, _, _ = self.collect({"public_hosts": [host], "ca_file": None,
                                    "insecure_skip_verify": True})
        [cert] = facts["certificates"]
        self.assertFalse(cert["verified"])
        self.assertIn("certificate", cert["verify_error"])
        self.assertEqual(cert["subject"], "CN=traefik.local")

    def test_host_refusing_is_unknown(self):
        refused = f"127.0.0.1:{common.free_port()}"
        facts, status, _ = self.collect({"public_hosts": [refused]})
        self.assertEqual(status["status"], "partial")
        self.assertIn(f"certificate of {refused}", status["error"])
        self.assertEqual(set(facts["certificates"][0]), {"host", "port", "error"})
        _, findings = self.audit({"public_hosts": [refused]})
        for rule_id in ("security.traefik.certificate-expiry", "security.traefik.min-tls-version"):
            self.assertEqual(self.statuses(findings, rule_id), {refused: "unknown"}, rule_id)

    def test_not_configured_is_unknown(self):
        facts, _, _ = self.collect()
        self.assertNotIn("certificates", facts)
        _, findings = self.audit()
        for rule_id in ("security.traefik.certificate-expiry", "security.traefik.min-tls-version"):
            self.assertEqual({f["status"] for f in findings[rule_id]}, {"unknown"}, rule_id)

    def tls_server(self, minimum, maximum):
        """Another loopback HTTPS server, accepting TLS `minimum`..`maximum`
        (ssl.TLSVersion names), its certificate from its own CA."""
        server = TraefikServer(tls_versions=(minimum, maximum)).start()
        self.addCleanup(server.stop)
        return f"127.0.0.1:{server.port}"

    def test_tls_versions_accepted(self):
        modern = f"localhost:{self.api.port}"  # Python's ssl: TLS 1.2 and later
        legacy = self.tls_server("TLSv1", "TLSv1_2")  # an old nginx: ssl_protocols TLSv1 .. TLSv1.2
        facts, status, _ = self.collect({"public_hosts": [modern, legacy]})
        self.assertEqual(status["status"], "ok", status)
        self.assertEqual(facts["certificates"][0]["protocols"],
                         {"TLSv1": False, "TLSv1.1": False, "TLSv1.2": True, "TLSv1.3": True})
        self.assertEqual(facts["certificates"][1]["protocols"],
                         {"TLSv1": True, "TLSv1.1": True, "TLSv1.2": True, "TLSv1.3": False})
        self.assertEqual(facts["certificates"][1]["subject"], "CN=traefik.local")
        _, findings = self.audit({"public_hosts": [modern, legacy]})
        self.assertEqual(self.statuses(findings, "security.traefik.min-tls-version"),
                         {modern: "pass", legacy: "fail"})
        messages = {f["resource"]: f["message"]
                    for f in findings["security.traefik.min-tls-version"]}
        self.assertEqual(messages[modern], f"{modern}: accepts TLSv1.2, TLSv1.3")
        self.assertEqual(messages[legacy], f"{legacy}: accepts TLSv1, TLSv1.1, TLSv1.2; "
                                           "no TLS 1.3 (recommended, not required)")

    def test_tls_1_0_only_host(self):
        oldest = self.tls_server("TLSv1", "TLSv1")
        facts, status, _ = self.collect({"public_hosts": [oldest]})
        self.assertEqual(status["status"], "partial")  # no certificate at TLS 1.2+
        [cert] = facts["certificates"]
        self.assertIn("error", cert)
        self.assertEqual(cert["protocols"],
                         {"TLSv1": True, "TLSv1.1": False, "TLSv1.2": False, "TLSv1.3": False})
        _, findings = self.audit({"public_hosts": [oldest]})
        self.assertEqual(self.statuses(findings, "security.traefik.min-tls-version"),
                         {oldest: "fail"})
        self.assertEqual(self.statuses(findings, "security.traefik.certificate-expiry"),
                         {oldest: "unknown"})

    def test_tls_versions_of_a_silent_host_are_not_measured(self):
        silent = common.listening_socket()  # accepts, never answers a ClientHello
        self.addCleanup(silent.close)
        host = f"127.0.0.1:{silent.getsockname()[1]}"
        facts, status, result = self.collect({"public_hosts": [host]}, timeout="2s")
        self.assertLess(result.elapsed, 10)
        self.assertEqual(set(facts["certificates"][0]), {"host", "port", "error"})

    def test_silent_host_does_not_starve_the_next(self):
        silent = common.listening_socket()  # accepts, never answers a ClientHello
        self.addCleanup(silent.close)
        first = f"127.0.0.1:{silent.getsockname()[1]}"
        second = f"localhost:{self.api.port}"
        facts, status, result = self.collect({"public_hosts": [first, second]}, timeout="15s")
        self.assertLess(result.elapsed, 14)  # 10 s for the silent host, then the next
        self.assertGreaterEqual(result.elapsed, 9)
        self.assertEqual(status["status"], "partial")
        self.assertEqual(set(facts["certificates"][0]), {"host", "port", "error"})
        self.assertIn("timed out", facts["certificates"][0]["error"])
        cert = facts["certificates"][1]
        self.assertEqual(cert["subject"], "CN=traefik.local")
        self.assertTrue(cert["verified"], cert)
        self.assertEqual(cert["protocols"],
                         {"TLSv1": False, "TLSv1.1": False, "TLSv1.2": True, "TLSv1.3": True})


class FaultsTest(TraefikCase):
    def assert_all_unknown(self, findings):
        for rule_id in ("operations.traefik.supported-version", "operations.traefik.backends-healthy",
                        "security.traefik.routers-tls", "security.traefik.api-not-exposed"):
            self.assertEqual({f["status"] for f in findings[rule_id]}, {"unknown"}, rule_id)

    def test_unreachable(self):
        url = f"https://127.0.0.1:{common.free_port()}"
        facts, status, _ = self.collect({"url": url})
        self.assertEqual(status["status"], "unreachable")
        self.assertIn(url, status["error"])
        self.assertIn("version", facts["unavailable"])
        code, findings = self.audit({"url": url})
        self.assertEqual(code, 3)
        self.assert_all_unknown(findings)

    def test_stalled_server_within_the_timeout(self):
        self.api.add_fault(path="/api/version", stall=30)
        facts, status, result = self.collect(timeout="2s")
        self.assertLess(result.elapsed, 10)
        self.assertEqual(status["status"], "unreachable")
        self.assertIn("timed out", status["error"])
        self.api.add_fault(path="/api/version", stall=30)
        code, findings = self.audit({"timeout": "2s"})
        self.assert_all_unknown(findings)

    def test_wrong_password_is_unauthorized(self):
        self.api.password = "another"
        facts, status, _ = self.collect()
        self.assertEqual(status["status"], "unauthorized")
        self.assertIn("401", status["error"])
        code, findings = self.audit()
        self.assert_all_unknown(findings)

    def test_failing_list_is_partial(self):
        self.api.add_fault(path="/api/http/services", status=500)
        facts, status, _ = self.collect()
        self.assertEqual(status["status"], "partial")
        self.assertIn("services:", status["error"])
        self.assertNotIn("services", facts)
        self.assertIn("services", facts["unavailable"])
        self.assertIn("routers", facts)
        self.api.add_fault(path="/api/http/services", status=500)
        _, findings = self.audit()
        self.assertEqual({f["status"] for f in findings["operations.traefik.backends-healthy"]},
                         {"unknown"})

    def test_endpoints_older_versions_lack(self):
        for path in ("/api/tcp/middlewares", "/api/udp/routers", "/api/udp/services"):
            self.api.remove(path)
        facts, status, _ = self.collect()
        self.assertEqual(status["status"], "ok", status)
        self.assertEqual(facts["tcp"]["middlewares"], [])
        self.assertEqual(facts["udp"], {"routers": [], "services": []})
        self.api.remove("/api/http/routers")
        facts, status, _ = self.collect()
        self.assertEqual(status["status"], "partial")
        self.assertIn("404", facts["unavailable"]["routers"])

    def test_not_traefik(self):
        self.api.remove("/api/version")
        facts, status, _ = self.collect()
        self.assertEqual(status["status"], "unreachable")
        self.assertIn("Traefik's API", status["error"])


class SecretsTest(TraefikCase):
    def assert_nowhere(self, texts, secrets):
        for path, text in texts.items():
            for secret in secrets:
                self.assertNotIn(secret, text, path)

    def secrets(self, user, password):
        return [password, base64.b64encode(f"{user}:{password}".encode()).decode()]

    def test_password(self):
        middlewares = fixtures()["/api/http/middlewares"]
        middlewares.append({"name": "leak@file", "provider": "file", "type": "headers",
                            "headers": {"customResponseHeaders": {"X-Echo": PASSWORD}},
                            "status": "enabled"})
        self.api.set_list("/api/http/middlewares", middlewares)
        texts = {**self.outputs("collect", "collect"), **self.outputs("audit", "audit")}
        self.assertTrue(any("golive" in t for t in texts.values()))
        self.assert_nowhere(texts, self.secrets("golive", PASSWORD))
        self.api.password = "another"  # refused: the error path
        self.assert_nowhere(self.outputs("refused", "audit"), self.secrets("golive", PASSWORD))

    def test_plugin_and_middleware_settings_named_like_secrets(self):
        lapi_key, captcha, redis_pw = "lapi-KEY-3f9c07", "captcha-SECRET-b81e", "redis-PW-77aa"
        middlewares = fixtures()["/api/http/middlewares"]
        middlewares += [
            {"name": "crowdsec@file", "provider": "file", "type": "crowdsec-bouncer",
             "status": "enabled", "usedBy": ["odoo@kubernetescrd"],
             "plugin": {"crowdsec-bouncer": {"enabled": True, "crowdsecLapiKey": lapi_key,
                                             "crowdsecLapiHost": "crowdsec:8080",
                                             "captchaSecretKey": captcha}}},
            {"name": "rl@file", "provider": "file", "type": "ratelimit", "status": "enabled",
             "rateLimit": {"average": 5, "redis": {"endpoints": ["redis:6379"],
                                                   "password": redis_pw,
                                                   "tls": {"key": "/certs/redis.key"}}}}]
        self.api.set_list("/api/http/middlewares", middlewares)
        self.api.set_list("/api/tcp/middlewares", [
            {"name": "tcp-plugin@file", "provider": "file", "type": "x", "status": "enabled",
             "plugin": {"x": {"apiToken": lapi_key, "mode": "strict"}}}])
        texts = {**self.outputs("plugin", "collect"), **self.outputs("plugin-audit", "audit")}
        snapshot = json.loads(texts[os.path.join(self.dir, "plugin", "snapshot.json")])
        facts = snapshot["facts"]["traefik"]
        self.assertEqual(facts["middlewares"][3]["plugin"]["crowdsec-bouncer"],
                         {"enabled": True, "crowdsecLapiKey": REDACTED,
                          "crowdsecLapiHost": "crowdsec:8080", "captchaSecretKey": REDACTED})
        self.assertEqual(facts["middlewares"][4]["rateLimit"]["redis"],
                         {"endpoints": ["redis:6379"], "password": REDACTED,
                          "tls": {"key": "/certs/redis.key"}})
        self.assertEqual(facts["tcp"]["middlewares"][0]["plugin"],
                         {"x": {"apiToken": REDACTED, "mode": "strict"}})
        self.assert_nowhere(texts, [lapi_key, captcha, redis_pw])

    def test_server_echoing_the_authorization_header(self):
        echo = lambda headers: {"message": f"upstream refused {headers.get('Authorization')}"}
        self.api.add_fault(path="/api/http/services", status=502, body=echo)
        self.api.add_fault(path="/api/http/routers", status=403, body=echo)
        texts = self.outputs("echo", "audit")
        snapshot = json.loads(texts[os.path.join(self.dir, "echo", "snapshot.json")])
        unavailable = snapshot["facts"]["traefik"]["unavailable"]
        self.assertIn("answered 502: upstream refused Basic ***", unavailable["services"])
        self.assertTrue(unavailable["routers"].endswith("answered 403"), unavailable["routers"])
        self.assert_nowhere(texts, self.secrets("golive", PASSWORD))

    def test_token(self):
        self.api.username, self.api.token = None, TOKEN
        self.base_settings = lambda: {"url": self.api.url, "ca_file": self.api.ca.cert,
                                      "token": "${env:TRAEFIK_TOKEN}"}
        texts = self.outputs("token", "audit")
        snapshot = json.loads(texts[os.path.join(self.dir, "token", "snapshot.json")])
        self.assertEqual(snapshot["collectors"]["traefik"]["status"], "ok")
        self.assert_nowhere(texts, [TOKEN])


class ConfigTest(TraefikCase):
    def check(self, section, *expected):
        path = os.path.join(self.dir, "golive.yaml")
        with open(path, "w") as f:
            f.write("environment: t\ncollectors:\n  traefik:\n" + section)
        result = self.golive("collect", "--config", path, "--output", os.devnull)
        self.assertEqual(result.returncode, 2, result.stderr)
        for text in expected:
            self.assertIn(text, result.stderr)
        return result.stderr

    def test_errors(self):
        self.check("    url: http://127.0.0.1:9000\n    publc_hosts: [a.example.com]\n",
                   "golive.yaml:5:5", "publc_hosts", "public_hosts")
        self.check("    url: http://127.0.0.1:9000\n    basic_auth: {username: u, password: pw}\n",
                   "golive.yaml:5:", "reference")
        self.check("    url: http://127.0.0.1:9000\n    public_hosts: [erp.example.com:99999]\n",
                   "golive.yaml:5:20", "public_hosts")
        self.check("    url: traefik:9000\n", "golive.yaml:4:10", "http://")
        self.check("    public_hosts: [erp.example.com]\n", "url")
        self.check("    url: http://127.0.0.1:9000\n    token: ${env:T}\n"
                   "    basic_auth: {username: u, password: '${env:P}'}\n", "not both")
        self.check("    url: http://127.0.0.1:9000\n    basic_auth: {usename: u, password: '${env:P}'}\n",
                   "usename", "username")
        stderr = self.check("    url: https://golive:hunter2-pw@127.0.0.1:9000/\n",
                            "golive.yaml:4:18", "basic_auth")
        self.assertNotIn("hunter2-pw", stderr)
        self.check("    url: 'http://tok-9f2e@127.0.0.1:9000'\n", "golive.yaml:4:18", "token")
        self.check("    url: https://golive:${env:P}@127.0.0.1:9000\n", "golive.yaml:4:18",
                   "basic_auth")
        for value in ("yes", '"true"', "on"):
            self.check(f"    url: http://127.0.0.1:9000\n    insecure_skip_verify: {value}\n",
                       "golive.yaml:5:27", "true or false")
        for value in ('"50"', "'50'", "5.5", "[50]"):
            self.check(f"    url: http://127.0.0.1:9000\n    page_size: {value}\n",
                       "golive.yaml:5:16", "page_size")


    def test_user_info_in_a_url_reference(self):
        self.env["TRAEFIK_URL"] = self.api.url.replace("://", "://golive:hunter2-url-pw@")
        facts, status, result = self.collect({"url": "${env:TRAEFIK_URL}"})
        self.assertEqual(status["status"], "unreachable")
        self.assertIn("basic_auth", status["error"])
        self.assertIn("version", facts["unavailable"])
        self.assertEqual(self.api.requests(), [])
        for text in (result.stdout, result.stderr, json.dumps(facts), json.dumps(status)):
            self.assertNotIn("hunter2-url-pw", text)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1] + sys.argv[1:], verbosity=2)
