#!/usr/bin/python3
"""The Kubernetes collector, live, against a replayed API server on loopback.

    GOLIVE=build/golive GOLIVE_SOURCE_DIR=. python3 tests/integration/k8s_collector_test.py [Class]

ReplayTest    the replay itself is faithful: kubectl (`get pods -A`, `get
              deployments -A -o json`, chunked lists, a wrong token) and raw
              HTTPS (Status errors, metadata-only lists, stale continue tokens).
CollectTest   retail cluster + Polaris's fixtures: every kind golive lists is
              collected exactly as served (apiVersion/kind filled in), with
              limit/continue over >= 3 pages, the version, the derived
              workloads, custom resources only where /apis offers them,
              Secrets as metadata only, GET only; `namespaces`, `context`,
              an embedded CA and client-certificate users.
ExecTest      a kubeconfig user with an exec credential plugin
              (client.authentication.k8s.io/v1): the server sees its token; a
              failing plugin is not `ok`.
FaultsTest    403 on one kind -> partial (the kind absent, named in
              k8s.unavailable, its rules unknown, the others evaluated); 500
              twice then success -> ok; slower than the timeout; a CA that is
              not the server's; a wrong token; a refused port. Never a pass
              for what was not seen; exit 3 where only unknowns block.
SecretsTest   no Secret value and no bearer token in any output, report or
              snapshot — even when the server answers the metadata-only
              request with whole Secrets, data included.

The server is scripts/localservers/kube_api.py (objects from
tests/integration/k8s/retail.yaml and tests/data/polaris/test/checks).
"""

import base64
import glob
import json
import math
import os
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

SOURCE_DIR = os.path.abspath(os.environ.get(
    "GOLIVE_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
GOLIVE = os.path.abspath(os.environ.get("GOLIVE", os.path.join(SOURCE_DIR, "build", "golive")))
KUBECTL = os.environ.get("KUBECTL") or shutil.which("kubectl") or "/usr/bin/kubectl"
RULES_DIR = os.path.join(SOURCE_DIR, "rules")
RETAIL = os.path.join(SOURCE_DIR, "tests", "integration", "k8s", "retail.yaml")
sys.path.insert(0, os.path.join(SOURCE_DIR, "scripts"))

from golive_run import CollectorRuns  # noqa: E402
from localservers import common  # noqa: E402
from localservers.certs import make_ca  # noqa: E402
from localservers.kube_api import (KubeAPIServer, load_objects, polaris_objects,  # noqa: E402
                                   write_kubeconfig)

TOKEN = "kube-distinctive-TOKEN-7f3a91c2e8"          # planted: must never be printed
WRONG_TOKEN = "kube-wrong-distinctive-TOKEN-22b9d0"
EXEC_TOKEN = "kube-exec-distinctive-TOKEN-5be61f"
# The plain text of retail.yaml's Secret data (base64 there).
SECRET_VALUES = ["Odoo-db-distinctive-SECRET-6612", "Odoo-admin-distinctive-SECRET-3390",
                 "TLS-key-distinctive-SECRET-5147",
                 # and values golive must redact in a ConfigMap and an env literal
                 "Backup-agent-distinctive-SECRET-8823", "Storage-key-distinctive-SECRET-1907",
                 "Client-secret-distinctive-SECRET-6630"]
PAGE_SIZE = 5
METADATA_ONLY = "as=PartialObjectMetadataList"


def listed_kinds():
    """golive's kinds (src/collectors/k8s/kinds.cpp): [(kind, key, group,
    version, optional)] — optional ones are custom resources."""
    with open(os.path.join(SOURCE_DIR, "src", "collectors", "k8s", "kinds.cpp")) as f:
        text = f.read()
    table = text[text.index("listed_kinds()"):]
    table = table[:table.index("};")]
    kinds = []
    for m in re.finditer(r'\{"(\w+)", "(\w+)", "([\w.]*)", "(\w+)"([^}]*)\}', table):
        flags = [f.strip() for f in m[5].split(",") if f.strip()]
        kinds.append((m[1], m[2], m[3], m[4], len(flags) >= 2 and flags[1] == "true"))
    assert len(kinds) >= 24, kinds
    return kinds


WORKLOAD_KINDS = ("deployments", "statefulsets", "daemonsets", "jobs", "cronjobs", "pods")


def rules_over(kind_key):
    """Ids of built-in rules whose items are k8s.<kind_key>, or that read it —
    for a workload kind, also those over k8s.workloads (derived from it)."""
    keys = [kind_key] + (["workloads"] if kind_key in WORKLOAD_KINDS else [])
    ids = []
    for path in glob.glob(os.path.join(RULES_DIR, "*", "*.k8s.*.yaml")):
        with open(path) as f:
            text = f.read()
        if any(re.search(rf"^applies_to: k8s\.{key}\s*$", text, re.M) or f"facts.k8s.{key}" in text or
               (re.search(r"^applies_to: k8s\s*$", text, re.M) and f"self.{key}" in text) for key in keys):
            ids.append(os.path.basename(path)[:-len(".yaml")])
    return sorted(ids)


def drop_nulls(value):
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_nulls(v) for v in value]
    return value


REDACTED = "<redacted by golive"


def assert_as_served(test, got, served, where):
    """`got` is `served` (nulls dropped) but for values golive redacted
    (docs/facts.md: sensitive env values, ConfigMap values, private keys) and
    kubectl's last-applied annotation; returns the number of redactions."""
    if isinstance(served, dict):
        test.assertIsInstance(got, dict, where)
        served = {k: v for k, v in served.items() if v is not None and
                  k != "kubectl.kubernetes.io/last-applied-configuration"}
        test.assertEqual(sorted(got), sorted(served), where)
        return sum(assert_as_served(test, got[k], v, f"{where}.{k}") for k, v in served.items())
    if isinstance(served, list):
        test.assertIsInstance(got, list, where)
        test.assertEqual(len(got), len(served), where)
        return sum(assert_as_served(test, g, v, f"{where}[{i}]") for i, (g, v) in enumerate(zip(got, served)))
    if isinstance(got, str) and REDACTED in got and got != served:
        return 1
    test.assertEqual(got, served, where)
    return 0


def key_of(obj):
    return obj["metadata"].get("namespace", ""), obj["metadata"]["name"]


def clean_env(home):
    """Our environment without proxies (only loopback is ever contacted)."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(HOME=home, NO_PROXY="*", no_proxy="*", NO_COLOR="1")
    env.pop("KUBECONFIG", None)
    return env


def https_get(url, ca, token=None, accept=None):
    """(status, parsed JSON body) of a GET with the stdlib client."""
    context = ssl.create_default_context(cafile=ca)
    request = urllib.request.Request(url, headers={k: v for k, v in (
        ("Authorization", f"Bearer {token}" if token else None), ("Accept", accept)) if v})
    try:
        with urllib.request.urlopen(request, context=context, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


PLUGIN = """#!/usr/bin/python3
import json, os, sys
with open(os.environ["PLUGIN_LOG"], "a") as f:
    f.write(json.dumps({"argv": sys.argv[1:], "exec_info": os.environ.get("KUBERNETES_EXEC_INFO")}) + "\\n")
if os.environ.get("PLUGIN_FAIL"):
    sys.stderr.write("error: AADSTS700082: the refresh token has expired\\n")
    sys.exit(1)
print(json.dumps({"apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential",
                  "status": {"token": os.environ["PLUGIN_TOKEN"],
                             "expirationTimestamp": "2099-01-01T00:00:00Z"}}))
"""


def plugin_user(directory, fail=False):
    """A kubeconfig user whose token comes from an exec plugin (a script
    written to `directory`, logging its runs to directory/plugin.log)."""
    script = os.path.join(directory, "kube-token-plugin")
    with open(script, "w") as f:
        f.write(PLUGIN)
    os.chmod(script, 0o755)
    env = [{"name": "PLUGIN_LOG", "value": os.path.join(directory, "plugin.log")},
           {"name": "PLUGIN_TOKEN", "value": EXEC_TOKEN}]
    if fail:
        env.append({"name": "PLUGIN_FAIL", "value": "1"})
    return {"exec": {"apiVersion": "client.authentication.k8s.io/v1", "command": script,
                     "args": ["get-token", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"],
                     "env": env, "interactiveMode": "Never", "provideClusterInfo": False}}


class K8sCase(CollectorRuns, unittest.TestCase):
    """A scratch directory, kubeconfigs, golive runs."""

    GOLIVE, COLLECTOR, ENVIRONMENT, TIMEOUT = GOLIVE, "k8s", "k8s-it", "20s"

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="golive-k8s-it-")
        self.env = clean_env(self.dir)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def kubeconfig(self, api=None, user=None, name="kubeconfig.yaml", ca=None, **kwargs):
        api = api or self.api
        return write_kubeconfig(os.path.join(self.dir, name), api.url,
                                ca if ca is not None else api.ca.cert,
                                user if user is not None else {"token": TOKEN}, **kwargs)

    def base_settings(self):
        return {"kubeconfig": "kubeconfig.yaml", "page_size": PAGE_SIZE}

    def k8s_rules(self):
        """A rule pack of the built-in k8s rules only (copied from rules/ at
        test time): with no other collector configured, the other rules
        would be unknown and every decision inconclusive."""
        pack = os.path.join(self.dir, "k8s-rules")
        if not os.path.isdir(pack):
            os.makedirs(pack)
            for path in glob.glob(os.path.join(RULES_DIR, "*", "*.k8s.*.yaml")):
                shutil.copy(path, pack)
            # The definitions the rules call (rules/lib).
            shutil.copytree(os.path.join(RULES_DIR, "lib"), os.path.join(pack, "lib"))
        return ["--no-builtin", "--rules", pack]

    def audit(self, settings=None, timeout=None):
        """(audit JSON, snapshot, process result), with the built-in k8s rules only."""
        config = self.write_config(settings, timeout=timeout)
        snapshot = os.path.join(self.dir, "audit-snapshot.json")
        result = self.golive("audit", "--config", config, "--format", "json",
                             "--snapshot-output", snapshot, *self.k8s_rules())
        self.assertNotEqual(result.returncode, 2, result.stderr)
        with open(snapshot) as f:
            return json.loads(result.stdout), json.load(f), result

    @staticmethod
    def k8s_findings(doc):
        return [f for f in doc["findings"] if f["rule_id"].split(".")[1:2] == ["k8s"]]

    def statuses_of(self, doc, rule_ids):
        found = {}
        for finding in self.k8s_findings(doc):
            if finding["rule_id"] in rule_ids:
                found.setdefault(finding["rule_id"], set()).add(finding["status"])
        self.assertEqual(sorted(found), sorted(rule_ids), "every rule has findings")
        return found


# ---------------------------------------------------------------------------


class ReplayTest(K8sCase):
    """The replay speaks Kubernetes well enough for kubectl."""

    @classmethod
    def setUpClass(cls):
        cls.api = KubeAPIServer(load_objects(RETAIL) + polaris_objects(), token=TOKEN).start()

    @classmethod
    def tearDownClass(cls):
        cls.api.stop()

    def setUp(self):
        super().setUp()
        self.api.clear_log()
        self.api.clear_faults()
        self.assertTrue(os.access(KUBECTL, os.X_OK), f"kubectl not found ({KUBECTL})")

    def kubectl(self, *args, kubeconfig=None):
        env = dict(self.env, KUBECONFIG=kubeconfig or self.kubeconfig())
        return subprocess.run([KUBECTL, "--cache-dir", os.path.join(self.dir, "cache"),
                               "--request-timeout", "20s", *args],
                              capture_output=True, text=True, env=env, timeout=60)

    def test_get_pods_all_namespaces(self):
        result = self.kubectl("get", "pods", "-A")
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines()
        self.assertEqual(lines[0].split(), ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"])
        rows = [line.split() for line in lines[1:]]
        self.assertEqual({(r[0], r[1]) for r in rows}, {key_of(p) for p in self.api.objects("pods")})
        self.assertGreater(len(rows), 100)  # the retail pods and Polaris's
        by_name = {r[1]: r for r in rows}
        self.assertEqual(by_name["odoo-web-7c9f8d6b5-9vmtl"][2:5], ["1/1", "Running", "2"])
        # kubectl asked for a server-side Table, and got one.
        pods = self.api.requests(resource="pods")
        self.assertTrue(pods and all("as=Table" in p["accept"] and p["kind"] == "Table" for p in pods))

    def test_get_deployments_as_json(self):
        result = self.kubectl("get", "deployments", "-A", "-o", "json")
        self.assertEqual(result.returncode, 0, result.stderr)
        listed = json.loads(result.stdout)["items"]
        served = self.api.objects("deployments")
        self.assertEqual({key_of(d) for d in listed}, {key_of(d) for d in served})
        self.assertTrue(all(d["apiVersion"] == "apps/v1" and d["kind"] == "Deployment" for d in listed))
        web = next(d for d in listed if key_of(d) == ("odoo", "odoo-web"))
        self.assertEqual(web["spec"]["template"]["spec"]["containers"][0]["image"],
                         "acrretailprod.azurecr.io/retail/odoo-retail:18.0.20261105-4f2c9ab")
        self.assertEqual(self.api.requests(resource="deployments")[0]["path"], "/apis/apps/v1/deployments")

    def test_chunked_list_and_names(self):
        result = self.kubectl("get", "pods", "-n", "odoo", "--chunk-size=1", "-o", "name")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.split(), ["pod/odoo-web-7c9f8d6b5-2xkqp", "pod/odoo-web-7c9f8d6b5-9vmtl",
                                                 "pod/odoo-worker-5d7b9c4f8-hq2wz"])
        pages = self.api.requests(resource="pods")
        self.assertEqual(len(pages), 3)
        self.assertEqual([p["query"].get("continue") for p in pages],
                         [None, pages[0]["continue_issued"], pages[1]["continue_issued"]])
        self.assertTrue(all(p["path"] == "/api/v1/namespaces/odoo/pods" for p in pages))

    def test_custom_resources_and_version(self):
        result = self.kubectl("get", "ingressroutes.traefik.io", "-A")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("odoo", result.stdout)
        self.assertEqual(self.kubectl("get", "helmreleases", "-A").returncode, 1)  # no such CRD
        version = self.kubectl("version", "-o", "json")
        self.assertEqual(version.returncode, 0, version.stderr)
        self.assertEqual(json.loads(version.stdout)["serverVersion"]["gitVersion"],
                         self.api.version["gitVersion"])

    def test_wrong_token_is_unauthorized(self):
        result = self.kubectl("get", "pods", "-A", kubeconfig=self.kubeconfig(user={"token": WRONG_TOKEN}))
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("You must be logged in to the server", result.stderr)
        requests = [e for e in self.api.requests() if e["path"]]
        self.assertTrue(requests)
        self.assertTrue(all(e["status"] == 401 for e in requests))

    def test_raw_protocol(self):
        url, ca = self.api.url, self.api.ca.cert
        status, body = https_get(url + "/api/v1/pods", ca)
        self.assertEqual((status, body["kind"], body["reason"]), (401, "Status", "Unauthorized"))
        # A plain list of Secrets carries data (as a real server's does) ...
        status, body = https_get(url + "/api/v1/namespaces/odoo/secrets", ca, TOKEN)
        self.assertEqual((status, body["kind"]), (200, "SecretList"))
        self.assertTrue(all("data" in s and "kind" not in s for s in body["items"]))
        # ... the metadata-only one does not.
        status, body = https_get(url + "/api/v1/secrets?limit=1", ca, TOKEN,
                                 "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1")
        self.assertEqual((status, body["kind"], len(body["items"])), (200, "PartialObjectMetadataList", 1))
        self.assertEqual(set(body["items"][0]), {"kind", "apiVersion", "metadata"})
        self.assertEqual(body["metadata"]["remainingItemCount"], 1)
        token = body["metadata"]["continue"]
        status, body = https_get(url + "/api/v1/secrets?limit=1&continue=" + token, ca, TOKEN)
        self.assertEqual((status, len(body["items"])), (200, 1))
        self.assertNotIn("continue", body["metadata"])
        # A continue token of another list, or from before a change, is refused.
        status, body = https_get(url + "/api/v1/pods?limit=1&continue=" + token, ca, TOKEN)
        self.assertEqual((status, body["reason"]), (400, "BadRequest"))
        self.api.load([{"apiVersion": "v1", "kind": "ConfigMap",
                        "metadata": {"name": "bump", "namespace": "default"}}])
        status, body = https_get(url + "/api/v1/secrets?limit=1&continue=" + token, ca, TOKEN)
        self.assertEqual((status, body["reason"]), (410, "Expired"))
        self.api.add_fault(resource="secrets", status=403)
        status, body = https_get(url + "/api/v1/secrets", ca, TOKEN)
        self.assertEqual((status, body["reason"]), (403, "Forbidden"))
        self.assertEqual(body["message"], 'secrets is forbidden: User "system:serviceaccount:golive:'
                                          'auditor" cannot list resource "secrets" in API group "" '
                                          'at the cluster scope')
        status, body = https_get(url + "/apis/helm.toolkit.fluxcd.io/v2/helmreleases", ca, TOKEN)
        self.assertEqual((status, body["reason"]), (404, "NotFound"))
        status, body = https_get(url + "/api/v1/pods", ca, TOKEN, "application/vnd.kubernetes.protobuf")
        self.assertEqual(status, 406)
        # Read-only: writes are refused (and logged, so tests can spot them).
        request = urllib.request.Request(url + "/api/v1/namespaces/odoo/configmaps", data=b"{}",
                                         method="POST", headers={"Authorization": f"Bearer {TOKEN}"})
        with self.assertRaises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, context=ssl.create_default_context(cafile=ca), timeout=10)
        self.assertEqual(refused.exception.code, 405)
        self.assertEqual(self.api.requests(path="/api/v1/namespaces/odoo/configmaps")[-1]["method"], "POST")
        groups = {g["name"] for g in https_get(url + "/apis", ca, TOKEN)[1]["groups"]}
        self.assertIn("traefik.io", groups)
        self.assertNotIn("traefik.containo.us", groups)


# ---------------------------------------------------------------------------


class LiveCase(K8sCase):
    """A replay of the retail cluster (plus Polaris's fixtures when FULL)."""

    FULL = False

    @classmethod
    def setUpClass(cls):
        cls.pki = tempfile.mkdtemp(prefix="golive-k8s-pki-")
        cls.ca = make_ca(cls.pki, "kube replay CA")
        cls.client_ca = make_ca(os.path.join(cls.pki, "clients"), "kube client CA")
        objects = load_objects(RETAIL) + (polaris_objects() if cls.FULL else [])
        cls.api = KubeAPIServer(objects, tokens={TOKEN: "system:serviceaccount:golive:auditor",
                                                 EXEC_TOKEN: "exec-user@retail.example"},
                                token=None, ca=cls.ca, client_ca=cls.client_ca.cert,
                                directory=cls.pki).start()

    @classmethod
    def tearDownClass(cls):
        cls.api.stop()
        shutil.rmtree(cls.pki, ignore_errors=True)

    def setUp(self):
        super().setUp()
        self.api.clear_log()
        self.api.clear_faults()
        self.kubeconfig()

    def assert_read_only(self):
        requests = [e for e in self.api.requests() if e["path"]]
        self.assertTrue(requests)
        self.assertEqual({e["method"] for e in requests}, {"GET"})


class CollectTest(LiveCase):
    FULL = True

    def assert_every_kind(self, facts, namespace=None):
        """Every kind of kinds.cpp the server has objects of is in the facts,
        item for item as served (nulls dropped), apiVersion/kind filled in;
        custom resources the server does not offer are absent."""
        offered = {r.plural for r in self.api.served_resources() if r.objects}
        redactions = 0
        for kind, key, group, version, optional in listed_kinds():
            found = [r for r in self.api.served_resources() if r.plural == key and r.group == group]
            if not found or (optional and not found[0].objects):
                self.assertTrue(optional, f"{key} ({group}) is a built-in kind the replay must serve")
                if key not in offered:
                    self.assertNotIn(key, facts, f"{key} is not served")
                continue
            resource = found[0]
            expected = {key_of(o): drop_nulls(o) for o in resource.objects
                        if namespace is None or not resource.namespaced or
                        o["metadata"].get("namespace") == namespace}
            self.assertIn(key, facts, f"{key} not collected")
            items = facts[key]
            self.assertEqual(sorted(key_of(i) for i in items), sorted(expected), key)
            for item in items:
                self.assertEqual((item.get("apiVersion"), item.get("kind")),
                                 (resource.api_version, resource.kind), f"{key} item")
                if key == "secrets":
                    self.assertLessEqual(set(item), {"apiVersion", "kind", "metadata", "type"})
                    self.assertEqual(item["metadata"], expected[key_of(item)]["metadata"])
                else:
                    redactions += assert_as_served(self, item, expected[key_of(item)], f"{key} {key_of(item)}")
        return redactions

    def expected_workloads(self):
        """Workloads not owned by a controller that have a pod template
        (Polaris's template-less StatefulSets have none)."""
        keys = set()
        for key in ("deployments", "statefulsets", "daemonsets", "jobs", "cronjobs", "pods"):
            for obj in self.api.objects(key):
                owners = obj["metadata"].get("ownerReferences") or []
                spec = obj.get("spec") or {}
                if obj["kind"] == "CronJob":
                    spec = (spec.get("jobTemplate") or {}).get("spec") or {}
                runs_pods = obj["kind"] == "Pod" or isinstance(spec.get("template"), dict)
                if runs_pods and not any(o.get("controller") for o in owners):
                    keys.add((obj["kind"],) + key_of(obj))
        return keys

    def test_every_kind_paginated(self):
        snapshot, status, _ = self.collect()
        self.assertEqual((status["status"], status.get("error", "")), ("ok", ""))
        facts = snapshot["facts"]["k8s"]
        redactions = self.assert_every_kind(facts)
        # retail.yaml's planted values, and Polaris's sensitive fixtures.
        self.assertGreaterEqual(redactions, 3)
        agent = next(c for c in facts["configmaps"] if key_of(c) == ("kube-system", "backup-agent"))
        self.assertEqual(agent["data"]["AZURE_STORAGE_KEY"], "<redacted by golive>")
        self.assertIn("endpoint = https://backup.retail.example", agent["data"]["agent.conf"])
        self.assertNotIn(SECRET_VALUES[3], agent["data"]["agent.conf"])
        self.assertEqual(facts.get("unavailable", {}), {})
        for field in ("major", "minor", "gitVersion"):
            self.assertEqual(facts["version"][field], self.api.version[field])
        # The workloads view: every workload not owned by a controller, with its pod template.
        workloads = facts["workloads"]
        self.assertEqual({(w["kind"],) + key_of(w) for w in workloads}, self.expected_workloads())
        self.assertTrue(all("spec" in w["podTemplate"] for w in workloads))
        # Paginated: limit=page_size, each continue the one the server issued.
        pods = self.api.requests(resource="pods")
        expected_pages = math.ceil(len(self.api.objects("pods")) / PAGE_SIZE)
        self.assertGreaterEqual(expected_pages, 3)
        self.assertEqual(len(pods), expected_pages)
        self.assertTrue(all(p["query"].get("limit") == str(PAGE_SIZE) for p in pods))
        self.assertEqual([p["query"].get("continue") for p in pods],
                         [None] + [p["continue_issued"] for p in pods[:-1]])
        self.assertTrue(all(p["path"] == "/api/v1/pods" and p["status"] == 200 for p in pods))
        self.assertNotIn("continue_issued", pods[-1])
        for resource in self.api.served_resources():
            pages = [e for e in self.api.requests(resource=resource.plural) if e["status"] == 200]
            if pages and resource.objects:
                self.assertEqual(len(pages), max(1, math.ceil(len(resource.objects) / PAGE_SIZE)),
                                 resource.plural)
        # Secrets only as metadata; every request GET, with the token.
        secrets = self.api.requests(resource="secrets")
        self.assertTrue(secrets)
        self.assertTrue(all(METADATA_ONLY in (s["accept"] or "") for s in secrets), secrets)
        self.assertTrue(all(s["kind"] == "PartialObjectMetadataList" for s in secrets))
        self.assert_read_only()
        self.assertEqual({e["token"] for e in self.api.requests() if e["path"]}, {TOKEN})
        self.assertTrue(self.api.requests(path="/version"))

    def test_custom_resources_from_discovery(self):
        snapshot, status, _ = self.collect()
        self.assertEqual(status["status"], "ok")
        facts = snapshot["facts"]["k8s"]
        self.assertEqual([i["metadata"]["name"] for i in facts["ingressroutes"]], ["odoo"])
        self.assertEqual(facts["ingressroutes"][0]["apiVersion"], "traefik.io/v1alpha1")
        self.assertEqual([i["metadata"]["name"] for i in facts["kustomizations"]], ["odoo"])
        for absent in ("helmreleases", "applications"):
            self.assertNotIn(absent, facts)
        self.assertTrue(self.api.requests(path="/apis"), "CRD groups come from GET /apis")
        # Nothing asked of groups /apis does not offer.
        for group in ("helm.toolkit.fluxcd.io", "argoproj.io", "traefik.containo.us"):
            self.assertEqual(self.api.requests(path=rf"/apis/{re.escape(group)}(/.*)?"), [], group)

    def test_namespaces_setting(self):
        snapshot, status, _ = self.collect({"namespaces": ["odoo"]})
        self.assertEqual(status["status"], "ok")
        facts = snapshot["facts"]["k8s"]
        self.assert_every_kind(facts, namespace="odoo")
        self.assertEqual({d["metadata"]["name"] for d in facts["deployments"]}, {"odoo-web", "odoo-worker"})
        for entry in self.api.requests():
            resource = entry.get("resource")
            if resource and self.api.resource(resource, None if resource not in (
                    "ingressroutes", "middlewares", "tlsoptions") else "traefik.io").namespaced:
                self.assertIn("/namespaces/odoo/", entry["path"])

    def test_context_setting_and_embedded_ca(self):
        dead = common.free_port()
        path = os.path.join(self.dir, "kubeconfig.yaml")
        write_kubeconfig(path, self.api.url, self.api.ca.cert, {"token": TOKEN}, context="replay",
                         embed_ca=True)
        with open(path) as f:
            config = json.load(f)
        self.assertIn("certificate-authority-data", config["clusters"][0]["cluster"])
        config["clusters"].append({"name": "gone", "cluster": {
            "server": f"https://127.0.0.1:{dead}", "certificate-authority": self.api.ca.cert}})
        config["contexts"].append({"name": "gone", "context": {"cluster": "gone", "user": "golive"}})
        config["current-context"] = "gone"
        with open(path, "w") as f:
            json.dump(config, f)
        snapshot, status, _ = self.collect({"context": "replay", "timeout": "10s"})
        self.assertEqual((status["status"], status.get("error", "")), ("ok", ""))
        self.assertEqual(len(snapshot["facts"]["k8s"]["pods"]), len(self.api.objects("pods")))
        # Without `context`, the current one (nothing listens there).
        _, status, _ = self.collect({"timeout": "10s"})
        self.assertEqual(status["status"], "unreachable")
        self.assertRegex(status["error"], rf"(?i)refused|127\.0\.0\.1:{dead}")

    def test_client_certificate_user(self):
        client = self.client_ca.issue("golive-auditor", sans=[], client=True, server=False)
        self.kubeconfig(user={"client-certificate": client.cert, "client-key": client.key})
        snapshot, status, _ = self.collect()
        self.assertEqual((status["status"], status.get("error", "")), ("ok", ""))
        self.assertEqual(len(snapshot["facts"]["k8s"]["deployments"]), len(self.api.objects("deployments")))
        users = {e["user"] for e in self.api.requests() if e["path"]}
        self.assertEqual(users, {"golive-auditor"})


class ExecTest(LiveCase):
    def plugin_user(self, fail=False):
        return plugin_user(self.dir, fail)

    def plugin_runs(self):
        path = os.path.join(self.dir, "plugin.log")
        if not os.path.exists(path):
            return []
        with open(path) as f:
            return [json.loads(line) for line in f]

    def test_exec_plugin_token(self):
        self.kubeconfig(user=self.plugin_user())
        snapshot, status, result = self.collect()
        self.assertEqual((status["status"], status.get("error", "")), ("ok", ""))
        self.assertEqual(len(snapshot["facts"]["k8s"]["deployments"]), len(self.api.objects("deployments")))
        seen = {(e["token"], e["user"]) for e in self.api.requests() if e["path"]}
        self.assertEqual(seen, {(EXEC_TOKEN, "exec-user@retail.example")})
        runs = self.plugin_runs()
        self.assertTrue(runs, "the plugin ran")
        self.assertEqual(runs[0]["argv"], ["get-token", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"])
        info = json.loads(runs[0]["exec_info"] or "null")
        self.assertEqual((info or {}).get("apiVersion"), "client.authentication.k8s.io/v1",
                         "KUBERNETES_EXEC_INFO is passed to the plugin")
        self.assertEqual(info.get("kind"), "ExecCredential")
        self.assertNotIn(EXEC_TOKEN, result.stdout + result.stderr)

    def test_failing_plugin(self):
        self.kubeconfig(user=self.plugin_user(fail=True))
        doc, snapshot, result = self.audit(timeout="10s")
        status = snapshot["collectors"]["k8s"]
        self.assertIn(status["status"], ("unauthorized", "unreachable"), status)
        self.assertRegex(status["error"], r"(?i)exec|plugin|credential")
        self.assertTrue(self.plugin_runs())
        self.assertEqual([e for e in self.api.requests() if e["path"] and e["status"] == 200], [])
        findings = self.k8s_findings(doc)
        self.assertTrue(findings)
        statuses = {f["status"] for f in findings}
        self.assertIn("unknown", statuses)
        self.assertLessEqual(statuses, {"unknown", "skipped"})
        self.assertEqual(result.returncode, 3, doc["reasons"])


class FaultsTest(LiveCase):
    SHORT = 3.0  # the collector timeout of the slow scenarios, seconds

    def audit_fault(self, timeout=None):
        doc, snapshot, result = self.audit(timeout=f"{timeout or 15:g}s")
        return doc, snapshot, result

    def assert_nothing_seen(self, doc, result, status, error_pattern):
        """Collector down: its rules unknown (never pass), exit 3."""
        collector = doc["collectors"]["k8s"]
        self.assertEqual(collector["status"], status, collector)
        self.assertRegex(collector["error"], error_pattern)
        findings = self.k8s_findings(doc)
        self.assertTrue(findings)
        statuses = {f["status"] for f in findings}
        self.assertIn("unknown", statuses)
        self.assertLessEqual(statuses, {"unknown", "skipped"},
                             [(f["rule_id"], f["status"]) for f in findings])
        self.assertEqual(result.returncode, 3, doc["reasons"])
        self.assertTrue(doc["inconclusive"])

    def test_all_pass_without_faults(self):
        # The baseline the fault scenarios depart from: every k8s rule passes.
        doc, snapshot, result = self.audit_fault()
        self.assertEqual(doc["collectors"]["k8s"]["status"], "ok")
        findings = self.k8s_findings(doc)
        # Every finding, not one per rule: a rule passing on one object and
        # failing on another must not count as a pass.
        self.assertEqual({f["status"] for f in findings}, {"pass"},
                         [(f["rule_id"], f["resource"], f["status"]) for f in findings
                          if f["status"] != "pass"])
        self.assertGreaterEqual(len({f["rule_id"] for f in findings}), 15)
        self.assertEqual((result.returncode, doc["decision"]), (0, "GO"), doc["reasons"])

    def test_forbidden_kind_is_partial(self):
        self.api.add_fault(resource="deployments", status=403)
        doc, snapshot, result = self.audit_fault()
        collector = snapshot["collectors"]["k8s"]
        self.assertEqual(collector["status"], "partial", collector)
        self.assertIn("deployments", collector["error"])
        facts = snapshot["facts"]["k8s"]
        self.assertNotIn("deployments", facts)
        self.assertIn("deployments", facts["unavailable"])
        self.assertRegex(facts["unavailable"]["deployments"], r"(?i)forbidden|403")
        # The reason is the server's own Status message.
        self.assertIn('cannot list resource "deployments" in API group "apps"',
                      facts["unavailable"]["deployments"])
        # Nor is the workloads view, which would be half a list without them.
        self.assertNotIn("workloads", facts)
        self.assertEqual(set(facts["unavailable"]), {"deployments", "workloads"})
        self.assertIn("deployments", facts["unavailable"]["workloads"])
        for key in ("pods", "nodes", "poddisruptionbudgets", "horizontalpodautoscalers", "secrets"):
            self.assertEqual(len(facts[key]), len(self.api.objects(key)), key)
        # Rules over deployments: unknown; the others evaluated (all pass here).
        over = rules_over("deployments")
        self.assertGreaterEqual(len(over), 30)
        self.assertIn("security.k8s.no-privileged-containers", over)  # blocking, over workloads
        for rule, statuses in self.statuses_of(doc, over).items():
            self.assertEqual(statuses, {"unknown"}, rule)
        others = ["architecture.k8s.nodes-span-zones", "resilience.k8s.pdb-allows-eviction",
                  "scalability.k8s.odoo-hpa-bounds"]
        for rule, statuses in self.statuses_of(doc, others).items():
            self.assertEqual(statuses, {"pass"}, rule)
        # Blocking rules unknown, nothing failed: an inconclusive NO-GO.
        self.assertEqual((result.returncode, doc["decision"], doc["inconclusive"]), (3, "NO_GO", True),
                         doc["reasons"])
        self.assertEqual([e["status"] for e in self.api.requests(resource="deployments")][:1], [403])

    def test_forbidden_pods_leave_no_half_workloads_view(self):
        # Every replayed Pod is owned by a controller, so the view would look
        # complete — but golive cannot know that without listing them.
        self.api.add_fault(resource="pods", status=403)
        doc, snapshot, result = self.audit_fault()
        facts = snapshot["facts"]["k8s"]
        self.assertEqual(snapshot["collectors"]["k8s"]["status"], "partial")
        self.assertEqual(set(facts["unavailable"]), {"pods", "workloads"})
        self.assertNotIn("workloads", facts)
        for rule, statuses in self.statuses_of(doc, rules_over("pods")).items():
            self.assertEqual(statuses, {"unknown"}, rule)
        self.assertEqual(result.returncode, 3, doc["reasons"])

    def test_forbidden_secrets_leave_workload_rules_alone(self):
        self.api.add_fault(resource="secrets", status=403)
        doc, snapshot, result = self.audit_fault()
        facts = snapshot["facts"]["k8s"]
        self.assertEqual(snapshot["collectors"]["k8s"]["status"], "partial")
        self.assertEqual(set(facts["unavailable"]), {"secrets"})
        self.assertNotIn("secrets", facts)
        self.assertEqual({f["status"] for f in self.k8s_findings(doc)}, {"pass"})
        self.assertEqual((result.returncode, doc["decision"]), (0, "GO"), doc["reasons"])

    def test_server_error_then_success(self):
        self.api.add_fault(resource="pods", status=500, times=2)
        snapshot, status, _ = self.collect()
        self.assertEqual((status["status"], status.get("error", "")), ("ok", ""))
        self.assertEqual(len(snapshot["facts"]["k8s"]["pods"]), len(self.api.objects("pods")))
        self.assertEqual(snapshot["facts"]["k8s"].get("unavailable", {}), {})
        self.assertEqual([e["status"] for e in self.api.requests(resource="pods")], [500, 500, 200])

    def test_server_error_that_persists(self):
        self.api.add_fault(resource="pods", status=500)
        snapshot, status, _ = self.collect()
        self.assertEqual(status["status"], "partial", status)
        facts = snapshot["facts"]["k8s"]
        self.assertNotIn("pods", facts)
        self.assertEqual(set(facts["unavailable"]), {"pods", "workloads"})
        self.assertIn("500", facts["unavailable"]["pods"])
        attempts = self.api.requests(resource="pods")
        self.assertTrue(2 <= len(attempts) <= 5, f"bounded retries, not {len(attempts)}")
        self.assertEqual(len(facts["deployments"]), len(self.api.objects("deployments")))

    def test_body_stalled_beyond_the_timeout(self):
        # Headers at once, then nothing: a timeout on the read, not the connect.
        self.api.add_fault(resource="deployments", stall=30)
        doc, snapshot, result = self.audit_fault(timeout=self.SHORT)
        collector = doc["collectors"]["k8s"]
        self.assertIn(collector["status"], ("unreachable", "partial"), collector)
        self.assertRegex(collector["error"], r"(?i)timed? ?out")
        self.assertLess(result.elapsed, self.SHORT + 3)
        self.assertNotIn("deployments", snapshot["facts"]["k8s"])
        for rule, statuses in self.statuses_of(doc, rules_over("deployments")).items():
            self.assertEqual(statuses, {"unknown"}, rule)
        self.assertEqual(result.returncode, 3, doc["reasons"])

    def test_slower_than_the_timeout(self):
        self.api.add_fault(resource="deployments", delay=30)
        doc, snapshot, result = self.audit_fault(timeout=self.SHORT)
        collector = doc["collectors"]["k8s"]
        self.assertIn(collector["status"], ("unreachable", "partial"), collector)
        self.assertRegex(collector["error"], r"(?i)deployments.*timed? ?out")
        self.assertLess(result.elapsed, self.SHORT + 3, "slower than the configured timeout")
        self.assertNotIn("deployments", snapshot["facts"].get("k8s", {}))
        for rule, statuses in self.statuses_of(doc, rules_over("deployments")).items():
            self.assertEqual(statuses, {"unknown"}, rule)
        self.assertTrue(all(f["status"] in ("unknown", "skipped", "pass") for f in self.k8s_findings(doc)))
        self.assertEqual(result.returncode, 3, doc["reasons"])

    def test_slow_version_times_out(self):
        self.api.add_fault(path="/version", delay=30)
        doc, snapshot, result = self.audit_fault(timeout=self.SHORT)
        self.assertLess(result.elapsed, self.SHORT + 3)
        self.assertIn(doc["collectors"]["k8s"]["status"], ("unreachable", "partial"))
        self.assertNotIn("version", snapshot["facts"].get("k8s", {}))

    def test_certificate_of_another_ca(self):
        other = make_ca(os.path.join(self.dir, "other"), "unrelated CA")
        self.kubeconfig(ca=other.cert)
        doc, snapshot, result = self.audit_fault()
        self.assert_nothing_seen(doc, result, "unreachable", r"(?i)certificate")
        self.assertEqual([e for e in self.api.requests() if e["path"]], [], "no request got through")
        self.assertTrue([e for e in self.api.requests() if e.get("error")], "the handshake failed")

    def test_wrong_token(self):
        self.kubeconfig(user={"token": WRONG_TOKEN})
        doc, snapshot, result = self.audit_fault()
        self.assert_nothing_seen(doc, result, "unauthorized", r"401")
        self.assertNotIn(WRONG_TOKEN, result.stdout + result.stderr)

    def test_refused(self):
        port = common.free_port()
        path = os.path.join(self.dir, "kubeconfig.yaml")
        write_kubeconfig(path, f"https://127.0.0.1:{port}", self.api.ca.cert, {"token": TOKEN})
        doc, snapshot, result = self.audit_fault()
        self.assert_nothing_seen(doc, result, "unreachable", r"(?i)refused|connect")
        self.assertLess(result.elapsed, 5)

    def test_silent_port_times_out(self):
        silent = common.listening_socket()  # accepts, never answers the handshake
        try:
            path = os.path.join(self.dir, "kubeconfig.yaml")
            write_kubeconfig(path, f"https://127.0.0.1:{silent.getsockname()[1]}", self.api.ca.cert,
                             {"token": TOKEN})
            doc, snapshot, result = self.audit_fault(timeout=self.SHORT)
        finally:
            silent.close()
        self.assert_nothing_seen(doc, result, "unreachable", r"(?i)timed? ?out")
        self.assertLess(result.elapsed, self.SHORT + 3)


class SecretsTest(LiveCase):
    PLANTED = [TOKEN, WRONG_TOKEN, EXEC_TOKEN] + SECRET_VALUES + \
        [base64.b64encode(v.encode()).decode() for v in SECRET_VALUES[:2]] + \
        ["Backup-agent-distinctive", "Storage-key-distinctive", "Client-secret-distinctive"] + \
        ["T2Rvby1kYi1kaXN0aW5jdGl2ZS1TRUNSRVQt", "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tClRMUy1rZXkt"]

    def outputs(self, name, command):
        """Every text one golive run produced: streams, snapshot, reports."""
        texts = super().outputs(name, command)
        self.assertIn(os.path.join(self.dir, name, "snapshot.json"), texts)
        return texts

    def assert_nowhere(self, texts):
        for where, text in texts.items():
            for planted in self.PLANTED:
                self.assertNotIn(planted, text, f"a secret leaked into {where}")

    def assert_secrets_are_metadata(self, snapshot_text):
        facts = json.loads(snapshot_text)["facts"]["k8s"]
        self.assertEqual({s["metadata"]["name"] for s in facts["secrets"]}, {"odoo-db", "erp-tls"})
        for secret in facts["secrets"]:
            self.assertLessEqual(set(secret), {"apiVersion", "kind", "metadata", "type"})
            self.assertNotIn("kubectl.kubernetes.io/last-applied-configuration",
                             secret["metadata"].get("annotations", {}))

    def test_nothing_secret_in_any_output(self):
        texts = {}
        for command in ("collect", "audit"):
            texts.update(self.outputs(f"token-{command}", command))
        self.assert_secrets_are_metadata(texts[f"{self.dir}/token-collect/snapshot.json"])
        secret_lists = self.api.requests(resource="secrets")
        self.assertTrue(secret_lists)
        self.assertTrue(all(METADATA_ONLY in (e["accept"] or "") for e in secret_lists))
        self.assertTrue(any(k.endswith("report.html") for k in texts))
        self.kubeconfig(user={"token": WRONG_TOKEN})
        for command in ("collect", "audit"):
            texts.update(self.outputs(f"wrong-{command}", command))
        wrong = json.loads(texts[f"{self.dir}/wrong-audit/snapshot.json"])
        self.assertEqual(wrong["collectors"]["k8s"]["status"], "unauthorized")
        self.assertIn("unauthorized", texts["wrong-audit stdout"])  # the terminal report
        self.assert_nowhere(texts)

    def test_server_sending_secret_data_anyway(self):
        # A hostile or buggy server answers the metadata-only request with
        # whole Secrets, data included: golive must drop it all the same.
        fault = self.api.add_fault(resource="secrets", full_objects=True)
        texts = {}
        for command in ("collect", "audit"):
            texts.update(self.outputs(f"hostile-{command}", command))
        self.assertGreaterEqual(fault.applied, 2)
        sent = self.api.requests(resource="secrets")
        self.assertTrue(all(e["fault"] == "full_objects" and e["status"] == 200 for e in sent))
        self.assert_secrets_are_metadata(texts[f"{self.dir}/hostile-collect/snapshot.json"])
        self.assert_nowhere(texts)

    def test_server_sending_secret_data_with_a_last_applied_annotation(self):
        # kubectl apply leaves the whole manifest, data included, in an annotation.
        secret = json.loads(json.dumps(self.api.objects("secrets")[0]))
        manifest = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "odoo-db"},
                    "data": secret["data"]}
        self.api.load([dict(secret, metadata=dict(secret["metadata"], annotations={
            "kubectl.kubernetes.io/last-applied-configuration": json.dumps(manifest)}))])
        try:
            texts = self.outputs("annotated-collect", "collect")
            self.assert_secrets_are_metadata(texts[f"{self.dir}/annotated-collect/snapshot.json"])
            self.assert_nowhere(texts)
        finally:
            self.api.load([secret])

    def test_exec_token_never_printed(self):
        self.kubeconfig(user=plugin_user(self.dir))
        texts = {}
        for command in ("collect", "audit"):
            texts.update(self.outputs(f"exec-{command}", command))
        snapshot = json.loads(texts[f"{self.dir}/exec-collect/snapshot.json"])
        self.assertEqual(snapshot["collectors"]["k8s"]["status"], "ok")
        self.assert_nowhere(texts)


if __name__ == "__main__":
    unittest.main(verbosity=2)
