#!/usr/bin/python3
"""The Odoo collector against a loopback Odoo and a replayed Kubernetes API.

    GOLIVE=build/golive GOLIVE_SOURCE_DIR=. python3 tests/integration/odoo_collector_test.py [Class]

ProbeTest        the database manager open, unprotected, disabled (200 all
                 the same) and blocked by a proxy (403), over HTTP and HTTPS
                 (ca_file): the facts say what the page says, and both
                 security.odoo.database-manager-disabled (odoo.conf) and
                 security.odoo.database-manager-not-exposed (the probe) pass or
                 fail accordingly; only GETs and the version_info POST are sent.
RedirectTest     a proxy redirecting http:// to https:// leaves both pages
                 unknown (status and Location kept, no `enabled`), the probe
                 rule unknown; one redirecting /web/database/* to /web/login
                 on the same origin means not served.
ConfigFileTest   odoo.conf from a file: options as written, secrets removed;
                 a broken file stops the run (exit 2) at file:line:column.
ClusterTest      odoo.conf from a ConfigMap and from a Secret (base64) read
                 through the replayed API with a kubeconfig; a missing key or
                 object leaves the config rules unknown.
SecretsTest      planted admin_passwd / db_password / smtp_password values
                 appear in no output, report or snapshot, whatever the source.
UnreachableTest  a refused port and a server slower than the timeout: no
                 probe facts, odoo.unavailable.probe says why, the probe
                 rule is unknown (never a pass).
"""

import base64
import json
import os
import sys
import tempfile
import unittest

SOURCE_DIR = os.path.abspath(os.environ.get(
    "GOLIVE_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
sys.path.insert(0, os.path.join(SOURCE_DIR, "scripts"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from golive_run import CollectorRuns  # noqa: E402
from localservers import common  # noqa: E402
from localservers.kube_api import KubeAPIServer, write_kubeconfig  # noqa: E402
from localservers.odoo_web import OdooWeb  # noqa: E402

TOKEN = "odoo-kube-distinctive-TOKEN-4b7e19"
ADMIN = "Odoo-admin-planted-SECRET-8c2d"
DB_PASSWORD = "Odoo-db-planted-SECRET-51fa"
SMTP_PASSWORD = "Odoo-smtp-planted-SECRET-0e93"
PLANTED = [ADMIN, DB_PASSWORD, SMTP_PASSWORD, TOKEN]
MANAGER_RULE = "security.odoo.database-manager-disabled"
PROBE_RULE = "security.odoo.database-manager-not-exposed"
HASH_RULE = "security.odoo.master-password-hashed"


def odoo_conf(list_db="False", admin=ADMIN, extra=""):
    return ("; odoo.conf of the retail deployment\n"
            "[options]\n"
            f"admin_passwd = {admin}\n"
            "db_host = pgbouncer.odoo.svc.cluster.local\n"
            "db_user = odoo\n"
            f"db_password = {DB_PASSWORD}\n"
            f"smtp_password = {SMTP_PASSWORD}\n"
            "workers = 6\n"
            "max_cron_threads = 2\n"
            "proxy_mode = True\n"
            f"list_db = {list_db}\n"
            "dbfilter = ^retail$\n"
            "addons_path = /mnt/extra-addons,\n"
            "    /usr/lib/python3/dist-packages/odoo/addons\n"
            f"{extra}")


class OdooCase(CollectorRuns, unittest.TestCase):
    COLLECTOR, ENVIRONMENT, TIMEOUT = "odoo", "odoo-it", "10s"

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="golive-odoo-it-")
        self.env = dict(os.environ)
        self.env.pop("KUBECONFIG", None)

    def tearDown(self):
        common.remove_tree(self.dir)

    def write_conf(self, text, name="odoo.conf"):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def audit(self, settings):
        """(findings by rule id -> status, snapshot, process) of `golive audit`."""
        config = self.write_config(settings)
        snapshot = os.path.join(self.dir, "audit-snapshot.json")
        result = self.golive("audit", "--config", config, "--format", "json",
                             "--snapshot-output", snapshot)
        self.assertIn(result.returncode, (0, 1, 3), result.stderr)
        report = json.loads(result.stdout)
        statuses = {}
        for finding in report["findings"]:
            statuses.setdefault(finding["rule_id"], finding["status"])
        with open(snapshot) as f:
            return statuses, json.load(f), result


class ProbeTest(OdooCase):
    # state -> (list_db in odoo.conf, expected enabled, unprotected, config rule, probe rule)
    CASES = {
        "open": ("True", True, False, "fail", "fail"),
        "unprotected": ("True", True, True, "fail", "fail"),
        "disabled": ("False", False, None, "pass", "pass"),
        "blocked": ("False", False, None, "pass", "pass"),
    }

    def check_state(self, state, tls):
        list_db, enabled, unprotected, config_rule, probe_rule = self.CASES[state]
        with OdooWeb(manager=state, version="17.0", tls=tls) as odoo:
            settings = {"config_file": os.path.basename(self.write_conf(odoo_conf(list_db))),
                        "url": odoo.url + "/"}
            if tls:
                settings["ca_file"] = odoo.ca.cert
            statuses, snapshot, _ = self.audit(settings)
            requests = odoo.requests()
        self.assertEqual(snapshot["collectors"]["odoo"]["status"], "ok",
                         snapshot["collectors"]["odoo"])
        probe = snapshot["facts"]["odoo"]["probe"]
        self.assertEqual(probe["version"], "17.0")
        self.assertEqual(probe["health"], {"status": 200, "body": '{"status": "pass"}'})
        for key in ("database_manager", "database_selector"):
            self.assertEqual(probe[key]["status"], 403 if state == "blocked" else 200)
            self.assertEqual(probe[key]["enabled"], enabled, (state, key))
        self.assertEqual(probe["database_manager"].get("unprotected"), unprotected, state)
        self.assertEqual(statuses[MANAGER_RULE], config_rule, state)
        self.assertEqual(statuses[PROBE_RULE], probe_rule, state)
        # Read-only: GETs, and the one JSON-RPC POST that reports the version.
        self.assertEqual(sorted({(r["method"], r["path"]) for r in requests}), [
            ("GET", "/web/database/manager"), ("GET", "/web/database/selector"),
            ("GET", "/web/health"), ("POST", "/web/webclient/version_info")])
        post = [r for r in requests if r["method"] == "POST"][0]
        self.assertEqual(json.loads(post["body"]), {"jsonrpc": "2.0", "method": "call", "params": {}})

    def test_states_over_http(self):
        for state in self.CASES:
            with self.subTest(state=state):
                self.check_state(state, tls=False)

    def test_states_over_https(self):
        for state in ("open", "disabled"):
            with self.subTest(state=state):
                self.check_state(state, tls=True)

    def test_https_without_the_ca_is_unreachable(self):
        with OdooWeb(manager="disabled", tls=True) as odoo:
            doc, entry, _ = self.collect({"url": odoo.url})
        self.assertEqual(entry["status"], "unreachable")
        self.assertIn("/web/health", entry["error"])
        self.assertNotIn("probe", doc["facts"]["odoo"])


class RedirectTest(OdooCase):
    def test_http_to_https_is_unknown(self):
        with OdooWeb(manager="to_https") as odoo:
            statuses, snapshot, _ = self.audit({"url": odoo.url})
            https = "https://" + common.LOOPBACK
        entry = snapshot["collectors"]["odoo"]
        self.assertEqual(entry["status"], "partial", entry)
        probe = snapshot["facts"]["odoo"]["probe"]
        for key, path in (("database_manager", "/web/database/manager"),
                          ("database_selector", "/web/database/selector")):
            self.assertEqual(probe[key], {"status": 301, "redirect": https + path}, key)
        self.assertEqual(statuses[PROBE_RULE], "unknown")

    def test_same_origin_to_login_is_not_served(self):
        with OdooWeb(manager="to_login") as odoo:
            statuses, snapshot, _ = self.audit({"url": odoo.url})
        self.assertEqual(snapshot["collectors"]["odoo"]["status"], "ok")
        probe = snapshot["facts"]["odoo"]["probe"]
        for key in ("database_manager", "database_selector"):
            self.assertEqual(probe[key], {"status": 302, "redirect": "/web/login",
                                          "enabled": False}, key)
        self.assertEqual(statuses[PROBE_RULE], "pass")


class ConfigFileTest(OdooCase):
    def test_options_as_written_secrets_removed(self):
        path = self.write_conf(odoo_conf("False", admin="$pbkdf2-sha512$600000$c2FsdA$aGFzaA"))
        doc, entry, _ = self.collect({"config_file": "odoo.conf"})
        self.assertEqual(entry["status"], "ok", entry)
        odoo = doc["facts"]["odoo"]
        self.assertEqual(odoo["source"], {"kind": "File", "path": path})
        config = odoo["config"]
        self.assertEqual(config["workers"], "6")
        self.assertEqual(config["list_db"], "False")
        self.assertEqual(config["addons_path"],
                         "/mnt/extra-addons,\n/usr/lib/python3/dist-packages/odoo/addons")
        for secret in ("admin_passwd", "db_password", "smtp_password"):
            self.assertNotIn(secret, config)
        self.assertIs(config["admin_passwd_set"], True)
        self.assertIs(config["admin_passwd_hashed"], True)
        self.assertNotIn("probe", odoo)

    def test_hash_rule_follows_the_file(self):
        for admin, expected in ((ADMIN, "fail"), ("$pbkdf2-sha512$600000$c2FsdA$aGFzaA", "pass")):
            with self.subTest(admin=admin[:8]):
                self.write_conf(odoo_conf(admin=admin))
                statuses, _, _ = self.audit({"config_file": "odoo.conf"})
                self.assertEqual(statuses[HASH_RULE], expected)
                self.assertEqual(statuses[PROBE_RULE], "unknown")  # no url: not probed

    def test_broken_file_is_an_input_error(self):
        path = self.write_conf(odoo_conf(extra="this line is not an option\n"))
        config = self.write_config({"config_file": "odoo.conf"})
        result = self.golive("collect", "--config", config, "--output",
                             os.path.join(self.dir, "s.json"))
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn(f"{path}:15:1: error: not an option", result.stderr)
        for planted in PLANTED:
            self.assertNotIn(planted, result.stderr + result.stdout)

    def test_no_options_section_is_an_input_error(self):
        path = self.write_conf("[server]\nworkers = 4\n")
        config = self.write_config({"config_file": "odoo.conf"})
        result = self.golive("collect", "--config", config, "--output",
                             os.path.join(self.dir, "s.json"))
        self.assertEqual(result.returncode, 2)
        self.assertIn(f"{path}:1:1: error: no [options] section", result.stderr)


def cluster_objects():
    conf = odoo_conf("False")
    return [
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "odoo"}},
        {"apiVersion": "v1", "kind": "ConfigMap",
         "metadata": {"name": "odoo-conf", "namespace": "odoo"}, "data": {"odoo.conf": conf}},
        {"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
         "metadata": {"name": "odoo-conf", "namespace": "odoo"},
         "data": {"odoo.conf": base64.b64encode(conf.encode()).decode()}},
    ]


class ClusterCase(OdooCase):
    @classmethod
    def setUpClass(cls):
        cls.api = KubeAPIServer(cluster_objects(), token=TOKEN).start()

    @classmethod
    def tearDownClass(cls):
        cls.api.stop()

    def setUp(self):
        super().setUp()
        self.kubeconfig = write_kubeconfig(os.path.join(self.dir, "kubeconfig"), self.api.url,
                                           self.api.ca.cert, {"token": TOKEN})

    def source(self, kind, name="odoo-conf", key="odoo.conf"):
        return {"kind": kind, "namespace": "odoo", "name": name, "key": key,
                "kubeconfig": "kubeconfig"}


class ClusterTest(ClusterCase):
    def test_configmap_and_secret(self):
        for kind in ("ConfigMap", "Secret"):
            with self.subTest(kind=kind):
                statuses, snapshot, _ = self.audit({"config_from": self.source(kind)})
                self.assertEqual(snapshot["collectors"]["odoo"]["status"], "ok")
                odoo = snapshot["facts"]["odoo"]
                self.assertEqual(odoo["source"], {"kind": kind, "namespace": "odoo",
                                                  "name": "odoo-conf", "key": "odoo.conf"})
                self.assertEqual(odoo["config"]["list_db"], "False")
                self.assertIs(odoo["config"]["admin_passwd_hashed"], False)
                self.assertNotIn("db_password", odoo["config"])
                self.assertEqual(statuses[MANAGER_RULE], "pass")
                self.assertEqual(statuses[HASH_RULE], "fail")
        requests = {(e["method"], e["path"]) for e in self.api.requests() if e.get("path")}
        self.assertIn(("GET", "/api/v1/namespaces/odoo/secrets/odoo-conf"), requests)
        self.assertIn(("GET", "/api/v1/namespaces/odoo/configmaps/odoo-conf"), requests)
        self.assertEqual({m for m, _ in requests}, {"GET"})

    def test_missing_object_or_key_leaves_config_unknown(self):
        for source in (self.source("Secret", name="nope"), self.source("ConfigMap", key="other")):
            with self.subTest(source=source):
                statuses, snapshot, _ = self.audit({"config_from": source})
                entry = snapshot["collectors"]["odoo"]
                self.assertEqual(entry["status"], "unreachable", entry)
                self.assertNotIn("config", snapshot["facts"]["odoo"])
                self.assertIn("config", snapshot["facts"]["odoo"]["unavailable"])
                self.assertEqual(statuses[MANAGER_RULE], "unknown")
                self.assertEqual(statuses[HASH_RULE], "unknown")

    def test_unknown_context_is_an_input_error(self):
        source = dict(self.source("Secret"), context="nowhere")
        config = self.write_config({"config_from": source})
        result = self.golive("collect", "--config", config, "--output",
                             os.path.join(self.dir, "s.json"))
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("nowhere", result.stderr)


class SecretsTest(ClusterCase):
    def assert_nowhere(self, texts):
        for planted in PLANTED:
            for where, text in texts.items():
                self.assertNotIn(planted, text, f"{planted} leaked into {where}")
                self.assertNotIn(base64.b64encode(planted.encode()).decode(), text, where)

    def test_planted_values_never_output(self):
        self.write_conf(odoo_conf("True"))
        with OdooWeb(manager="unprotected") as odoo:
            for n, source in enumerate(({"config_file": "odoo.conf"},
                                        {"config_from": self.source("Secret")},
                                        {"config_from": self.source("ConfigMap")})):
                self.base = dict(source, url=odoo.url)
                for command in ("collect", "audit"):
                    self.assert_nowhere(self.outputs(f"{command}-{n}", command))
                    # Not vacuous: the planted file was read and the URL probed.
                    with open(os.path.join(self.dir, f"{command}-{n}", "snapshot.json")) as f:
                        facts = json.load(f)["facts"]["odoo"]
                    self.assertIs(facts["config"]["admin_passwd_set"], True)
                    self.assertIs(facts["probe"]["database_manager"]["unprotected"], True)

    def base_settings(self):
        return getattr(self, "base", {})


class UnreachableTest(OdooCase):
    def test_refused_port(self):
        self.write_conf(odoo_conf("False"))
        port = common.free_port()
        statuses, snapshot, _ = self.audit({"config_file": "odoo.conf",
                                            "url": f"http://127.0.0.1:{port}"})
        entry = snapshot["collectors"]["odoo"]
        self.assertEqual(entry["status"], "partial", entry)
        odoo = snapshot["facts"]["odoo"]
        self.assertNotIn("probe", odoo)
        self.assertIn("/web/health", odoo["unavailable"]["probe"])
        self.assertEqual(statuses[PROBE_RULE], "unknown")
        self.assertEqual(statuses[MANAGER_RULE], "pass")  # odoo.conf was read

    def test_probe_only_refused(self):
        port = common.free_port()
        statuses, snapshot, _ = self.audit({"url": f"http://127.0.0.1:{port}"})
        self.assertEqual(snapshot["collectors"]["odoo"]["status"], "unreachable")
        self.assertEqual(statuses[PROBE_RULE], "unknown")
        self.assertEqual(statuses[MANAGER_RULE], "unknown")

    def test_slower_than_the_timeout(self):
        with OdooWeb(manager="open", delay=3.0) as odoo:
            statuses, snapshot, result = self.audit_with_timeout(odoo.url)
        entry = snapshot["collectors"]["odoo"]
        self.assertEqual(entry["status"], "unreachable", entry)
        self.assertEqual(statuses[PROBE_RULE], "unknown")
        self.assertLess(result.elapsed, 15)

    def audit_with_timeout(self, url):
        self.TIMEOUT = "1s"
        return self.audit({"url": url})


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1] + sys.argv[1:])
