#!/usr/bin/python3
"""The Azure collector, live, against a loopback HTTPS server that plays Entra
ID's token endpoint, the managed identity endpoint and Resource Manager
(scripts/localservers/arm_api.py, replaying tests/data/arm-examples
and the PSRule for Azure test resources).

    GOLIVE=build/golive GOLIVE_SOURCE_DIR=. python3 tests/integration/azure_collector_test.py [Class]

CredentialsTest  every credential source gives a token Resource Manager takes:
                 client secret, client certificate (a JWT assertion the server
                 verifies), workload identity, managed identity, the Azure CLI
                 (a stub `az` on PATH), an explicit token; none -> unauthorized,
                 each source named with why.
ReplayTest       every resource served is collected as served, with its
                 children and diagnostic settings, lists over >= 3 pages;
                 only GETs to Resource Manager, POST only to the token
                 endpoint; resource group and tag filters.
FaultsTest       429 with Retry-After (waited); 403 on one provider -> partial,
                 that key absent and its rules unknown; a token that expires
                 mid-run -> refreshed, ok; an expired explicit token ->
                 unauthorized, findings unknown, audit exit 3; a stalled
                 server -> within the timeout, unknown not pass; a second
                 subscription that refuses -> every key unknown; a refused
                 child list -> that item's children unknown.
SecretsTest      no client secret, assertion or issued token in any output.
"""

import glob
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import unittest

SOURCE_DIR = os.path.abspath(os.environ.get(
    "GOLIVE_SOURCE_DIR",
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
GOLIVE = os.path.abspath(os.environ.get("GOLIVE", os.path.join(SOURCE_DIR, "build", "golive")))
sys.path.insert(0, os.path.join(SOURCE_DIR, "scripts"))

from golive_run import CollectorRuns  # noqa: E402
from localservers import arm_api  # noqa: E402
from localservers.arm_api import CLIENT_ID, SUBSCRIPTION, TENANT, ArmServer  # noqa: E402

SECRET = "azure-distinctive-SECRET-93be1f"  # planted: must never be printed
TABLE = {  # fact key -> ARM type, as resource_types.cpp
    "aks": "Microsoft.ContainerService/managedClusters",
    "postgres_flexible": "Microsoft.DBforPostgreSQL/flexibleServers",
    "redis": "Microsoft.Cache/Redis",
    "storage_accounts": "Microsoft.Storage/storageAccounts",
}


def clean_env(home):
    """Our environment without proxies or Azure variables; a managed identity
    endpoint that refuses (never the real 169.254.169.254); no `az` on PATH."""
    env = {k: v for k, v in os.environ.items()
           if not k.lower().endswith("_proxy") and not k.startswith(("AZURE_", "IDENTITY_"))}
    env.update(HOME=home, NO_PROXY="*", no_proxy="*", NO_COLOR="1",
               AZURE_POD_IDENTITY_AUTHORITY_HOST="http://127.0.0.1:9",
               PATH=os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                    if not os.path.exists(os.path.join(p, "az"))))
    return env


def client_certificate(directory):
    """An RSA key and a self-signed certificate in one PEM file."""
    key, cert = os.path.join(directory, "client.key"), os.path.join(directory, "client.crt")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "2", "-subj", "/CN=golive-test-sp"],
                   check=True, capture_output=True)
    pem = os.path.join(directory, "client.pem")
    with open(pem, "w") as out:
        for path in (cert, key):
            with open(path) as f:
                out.write(f.read())
    return pem


def azure_cli_stub(directory, token, fail=False):
    """An `az` that prints what `az account get-access-token -o json` prints."""
    bin_dir = os.path.join(directory, "bin")
    os.makedirs(bin_dir, exist_ok=True)
    script = os.path.join(bin_dir, "az")
    answer = json.dumps({"accessToken": token, "expiresOn": "2099-01-01 00:00:00.000000",
                         "expires_on": int(time.time()) + 3600, "subscription": SUBSCRIPTION,
                         "tenant": TENANT, "tokenType": "Bearer"})
    with open(script, "w") as f:
        f.write("#!/bin/sh\n"
                f'echo "$@" > "{bin_dir}/args"\n'
                + ("echo \"ERROR: Please run 'az login' to setup account.\" >&2\nexit 1\n" if fail
                   else f"cat <<'EOF'\n{answer}\nEOF\n"))
    os.chmod(script, stat.S_IRWXU)
    return bin_dir


class AzureCase(CollectorRuns, unittest.TestCase):
    GOLIVE, COLLECTOR, ENVIRONMENT, TIMEOUT = GOLIVE, "azure", "azure-it", "30s"

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="golive-azure-it-")
        self.env = clean_env(self.dir)
        self.arm = ArmServer(client_secret=SECRET).start()

    def tearDown(self):
        self.arm.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def use_client_secret(self):
        self.env.update(AZURE_TENANT_ID=TENANT, AZURE_CLIENT_ID=CLIENT_ID,
                        AZURE_CLIENT_SECRET=SECRET)

    def base_settings(self):
        return {"subscriptions": [SUBSCRIPTION], "authority": self.arm.url,
                "resource_manager": self.arm.url, "ca_file": self.arm.ca.cert}

    def collect(self, settings=None, timeout=None):
        """(facts.azure, the collector's status entry, process result)."""
        doc, status, result = super().collect(settings, timeout)
        return doc["facts"].get("azure", {}), status, result

    def azure_rules(self):
        """The built-in azure rules only: other collectors are not configured."""
        pack = os.path.join(self.dir, "azure-rules")
        if not os.path.isdir(pack):
            os.makedirs(pack)
            for path in glob.glob(os.path.join(SOURCE_DIR, "rules", "*", "*.azure.*.yaml")):
                shutil.copy(path, pack)
            shutil.copy(os.path.join(SOURCE_DIR, "rules", "profiles.yaml"), pack)
            # The definitions the rules call (rules/lib).
            shutil.copytree(os.path.join(SOURCE_DIR, "rules", "lib"), os.path.join(pack, "lib"))
        return ["--no-builtin", "--rules", pack]

    def audit(self, settings=None, timeout=None):
        config = self.write_config(settings, name="audit.yaml", timeout=timeout)
        result = self.golive("audit", "--config", config, "--format", "json", *self.azure_rules())
        self.assertNotEqual(result.returncode, 2, result.stderr)
        return result, json.loads(result.stdout)

    def assert_ok(self, status):
        self.assertEqual(status["status"], "ok", status.get("error"))


class CredentialsTest(AzureCase):
    def assert_collected_with(self, status, facts):
        self.assert_ok(status)
        self.assertEqual([s["subscriptionId"] for s in facts["subscriptions"]], [SUBSCRIPTION])
        self.assertTrue(facts["aks"])

    def token_posts(self):
        return self.arm.requests(path=rf"/{TENANT}/oauth2/v2.0/token", method="POST")

    def test_client_secret(self):
        self.use_client_secret()
        facts, status, _ = self.collect()
        self.assert_collected_with(status, facts)
        self.assertEqual(len(self.token_posts()), 1)

    def test_client_certificate(self):
        self.arm.certificate = client_certificate(self.dir)
        self.env.update(AZURE_TENANT_ID=TENANT, AZURE_CLIENT_ID=CLIENT_ID,
                        AZURE_CLIENT_CERTIFICATE_PATH=self.arm.certificate)
        facts, status, _ = self.collect()
        self.assert_collected_with(status, facts)
        self.assertEqual(len(self.arm.assertions), 1)  # verified: x5t, claims, signature

    def test_client_certificate_of_another_key_is_refused(self):
        self.arm.certificate = client_certificate(self.dir)
        other = os.path.join(self.dir, "other")
        os.makedirs(other)
        self.env.update(AZURE_TENANT_ID=TENANT, AZURE_CLIENT_ID=CLIENT_ID,
                        AZURE_CLIENT_CERTIFICATE_PATH=client_certificate(other))
        facts, status, _ = self.collect({"credential": "environment"})
        self.assertEqual(status["status"], "unauthorized")
        self.assertIn("thumbprint", status["error"])

    def test_workload_identity(self):
        token_file = os.path.join(self.dir, "azure-identity-token")
        self.arm.federated_token = "federated-" + "x" * 40
        with open(token_file, "w") as f:
            f.write(self.arm.federated_token + "\n")
        self.env.update(AZURE_TENANT_ID=TENANT, AZURE_CLIENT_ID=CLIENT_ID,
                        AZURE_FEDERATED_TOKEN_FILE=token_file)
        facts, status, _ = self.collect()
        self.assert_collected_with(status, facts)
        self.assertEqual(self.arm.assertions, [self.arm.federated_token])

    def test_managed_identity_endpoint_setting(self):
        facts, status, _ = self.collect({"credential": "managed_identity",
                                         "managed_identity": {"endpoint": self.arm.url}})
        self.assert_collected_with(status, facts)
        imds = self.arm.requests(path="/metadata/identity/oauth2/token")
        self.assertEqual(len(imds), 1)
        self.assertEqual(imds[0]["query"]["resource"], self.arm.url)

    def test_managed_identity_in_auto_order(self):
        self.env["AZURE_POD_IDENTITY_AUTHORITY_HOST"] = self.arm.url
        facts, status, _ = self.collect()
        self.assert_collected_with(status, facts)

    def test_azure_cli(self):
        token = "cli-token-" + "c" * 30
        self.arm.add_token(token)
        self.arm.managed_identity = False  # `auto` goes past it to the CLI
        self.env["AZURE_POD_IDENTITY_AUTHORITY_HOST"] = self.arm.url
        bin_dir = azure_cli_stub(self.dir, token)
        self.env["PATH"] = bin_dir + os.pathsep + self.env["PATH"]
        facts, status, result = self.collect()
        self.assert_collected_with(status, facts)
        with open(os.path.join(bin_dir, "args")) as f:
            self.assertEqual(f.read().split(), ["account", "get-access-token", "--resource",
                                                self.arm.url, "--output", "json"])
        self.assertNotIn(token, result.stdout + result.stderr)

    def test_azure_cli_not_logged_in(self):
        bin_dir = azure_cli_stub(self.dir, "unused", fail=True)
        self.env["PATH"] = bin_dir + os.pathsep + self.env["PATH"]
        _, status, _ = self.collect({"credential": "azure_cli"})
        self.assertEqual(status["status"], "unauthorized")
        self.assertIn("az login", status["error"])

    def test_refused_environment_credential_ends_auto(self):
        # As DefaultAzureCredential: a service principal that is set up but
        # refused is an error, not a reason to sign in as the CLI's user.
        self.env.update(AZURE_TENANT_ID=TENANT, AZURE_CLIENT_ID=CLIENT_ID,
                        AZURE_CLIENT_SECRET="wrong-" + SECRET)
        token = "cli-token-" + "d" * 30
        self.arm.add_token(token)
        bin_dir = azure_cli_stub(self.dir, token)
        self.env["PATH"] = bin_dir + os.pathsep + self.env["PATH"]
        facts, status, _ = self.collect()
        self.assertEqual(status["status"], "unauthorized")
        self.assertIn("environment", status["error"])
        self.assertNotIn("aks", facts)
        self.assertFalse(os.path.exists(os.path.join(bin_dir, "args")), "az was run")
        self.assertEqual(self.arm.requests(path=r"/subscriptions/.*"), [])

    def test_explicit_token(self):
        token = "explicit-token-" + "e" * 30
        self.arm.add_token(token)
        self.env["MY_ARM_TOKEN"] = token
        facts, status, _ = self.collect({"credential": "token", "token_env": "MY_ARM_TOKEN"})
        self.assert_collected_with(status, facts)
        self.assertEqual(self.token_posts(), [])

    def test_no_source_lists_each(self):
        facts, status, result = self.collect()
        self.assertEqual(status["status"], "unauthorized")
        for source in ("environment", "workload identity", "managed identity", "azure cli"):
            self.assertIn(source, status["error"])
        self.assertNotIn("aks", facts)
        self.assertEqual(self.arm.requests(path=r"/subscriptions/.*"), [])


class ReplayTest(AzureCase):
    def setUp(self):
        super().setUp()
        self.use_client_secret()

    def served(self, arm_type):
        return {r["id"].lower(): r for r in self.arm.of_type(arm_type)}

    @staticmethod
    def comparable(value):
        """What filing may not change: values. It drops nulls and puts property
        names in ARM's spelling (which ARM itself matches ignoring case)."""
        if isinstance(value, dict):
            return {k.lower(): ReplayTest.comparable(v) for k, v in value.items() if v is not None}
        if isinstance(value, list):
            return [ReplayTest.comparable(v) for v in value]
        return value

    def test_every_resource_as_served(self):
        facts, status, _ = self.collect()
        self.assert_ok(status)
        for key, arm_type in TABLE.items():
            served = self.served(arm_type)
            self.assertTrue(served, key)
            got = {r["id"].lower(): r for r in facts[key]}
            self.assertEqual(set(got), set(served), key)
            for rid, resource in got.items():
                children = self.arm.children.get(rid, {})
                expected = [c for path in sorted(children) for c in children[path]]
                self.assertEqual(
                    sorted(json.dumps(self.comparable(c), sort_keys=True) for c in resource["resources"]),
                    sorted(json.dumps(self.comparable(c), sort_keys=True) for c in expected), rid)
                without = {k: v for k, v in resource.items() if k != "resources"}
                self.assertEqual(self.comparable(without), self.comparable(served[rid]), rid)
        self.assertEqual(facts["redis_enterprise"], [])  # none served: listed, empty
        self.assertEqual(len(facts["resources"]), len(self.arm.resources))
        self.assertEqual([g["name"] for g in facts["resource_groups"]],
                         [g["name"] for g in self.arm.resource_groups()])
        self.assertEqual([l["name"] for l in facts["locations"]], ["westeurope", "northeurope"])
        self.assertEqual(facts["policy_assignments"], self.arm.policy_assignments)
        locations = {c["location"] for c in facts["aks"]}
        self.assertEqual(set(facts["aks_versions"]), locations)
        self.assertEqual(facts["unavailable"], [])

    def test_children_and_diagnostic_settings(self):
        facts, status, _ = self.collect()
        self.assert_ok(status)
        cluster = next(c for c in facts["aks"] if c["name"] == "clustername1")
        types = sorted(r["type"] for r in cluster["resources"])
        self.assertEqual(types, ["Microsoft.ContainerService/managedClusters/agentPools",
                                 "Microsoft.ContainerService/managedClusters/maintenanceConfigurations",
                                 "Microsoft.Insights/diagnosticSettings"])
        server = next(s for s in facts["postgres_flexible"] if s["name"] == "exampleserver")
        configs = [r["name"] for r in server["resources"]
                   if r["type"].endswith("/configurations")]
        self.assertEqual(len(configs), 5)
        pages = self.arm.requests(path=r".*/exampleserver/configurations")
        self.assertGreaterEqual(len(pages), 3)  # page size 2: three pages, two nextLinks
        self.assertEqual(sum("$skiptoken" in p["query"] for p in pages), 2)
        storage = next(s for s in facts["storage_accounts"] if s["name"] == "storage-G")
        self.assertIn("Microsoft.Storage/storageAccounts/blobServices",
                      {r["type"] for r in storage["resources"]})

    def test_only_gets_and_the_token_post(self):
        self.collect()
        for entry in self.arm.requests():
            if entry["method"] == "POST":
                self.assertEqual(entry["path"], f"/{TENANT}/oauth2/v2.0/token")
            else:
                self.assertEqual(entry["method"], "GET", entry)
                self.assertIn("api-version", entry["query"], entry)

    def test_resource_group_and_tag_filters(self):
        facts, status, _ = self.collect({"resource_groups": ["RG1"]})
        self.assert_ok(status)
        self.assertEqual({c["name"] for c in facts["aks"]}, {"clustername1"})
        self.assertEqual([g["name"] for g in facts["resource_groups"]], ["rg1"])
        self.assertFalse(self.arm.requests(path=rf"/subscriptions/{SUBSCRIPTION}/providers/.*/managedclusters"))
        facts, status, _ = self.collect({"tags": {"tier": "production"}})
        self.assert_ok(status)
        self.assertEqual({c["name"] for c in facts["aks"]}, {"clustername1"})
        self.assertEqual(facts["redis"], [])


    def test_backup_vaults_are_read_across_the_subscription(self):
        # The vault protecting rg1's cluster lives in a resource group of its
        # own: a resource_groups filter must not hide it from the backup rules.
        vault_id = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-backup/providers/" \
                   "Microsoft.DataProtection/backupVaults/bv1"
        cluster = self.arm.of_type(TABLE["aks"], rg="rg1")[0]
        self.arm.add_resource(
            {"id": vault_id, "name": "bv1", "type": "Microsoft.DataProtection/backupVaults",
             "location": "westeurope", "properties": {"provisioningState": "Succeeded"}},
            {"/backupInstances": [{
                "id": vault_id + "/backupInstances/bi1", "name": "bi1",
                "type": "Microsoft.DataProtection/backupVaults/backupInstances",
                "properties": {"dataSourceInfo": {"resourceID": cluster["id"]},
                               "currentProtectionState": "ProtectionConfigured"}}]})
        facts, status, _ = self.collect({"resource_groups": ["rg1"]})
        self.assert_ok(status)
        self.assertEqual([v["name"] for v in facts["backup_vaults"]], ["bv1"])
        self.assertEqual(facts["backup_vaults"][0]["resources"][0]["name"], "bi1")
        self.assertEqual({c["name"] for c in facts["aks"]}, {"clustername1"})
        _, report = self.audit({"resource_groups": ["rg1"]})
        backup = [f for f in report["findings"]
                  if f["rule_id"] == "resilience.azure.aks-backup-protected"]
        self.assertEqual([f["status"] for f in backup], ["pass"])


class FaultsTest(AzureCase):
    def setUp(self):
        super().setUp()
        self.use_client_secret()

    def test_429_retry_after_is_honoured(self):
        path = r".*/providers/microsoft\.cache/redis"
        self.arm.add_fault(path=path, status=429, retry_after="2", times=1, method="GET")
        facts, status, _ = self.collect()
        self.assert_ok(status)
        self.assertTrue(facts["redis"])
        first, second = self.arm.requests(path=path)[:2]
        self.assertEqual(first["status"], 429)
        self.assertEqual(second["status"], 200)
        self.assertGreaterEqual(second["time"] - first["time"], 1.9)

    def test_403_on_one_provider(self):
        self.arm.add_fault(path=r".*/providers/microsoft\.cache/.*", status=403, method="GET")
        facts, status, _ = self.collect()
        self.assertEqual(status["status"], "partial")
        self.assertNotIn("redis", facts)
        self.assertNotIn("redis_enterprise", facts)
        self.assertTrue(facts["aks"])
        self.assertTrue(any("Microsoft.Cache/Redis" in u["what"] and u["status"] == "forbidden"
                            for u in facts["unavailable"]))
        result, report = self.audit()
        redis = [f for f in report["findings"] if ".azure.redis" in f["rule_id"]]
        self.assertTrue(redis)
        self.assertTrue(all(f["status"] == "unknown" for f in redis), redis)
        others = [f for f in report["findings"] if ".azure.aks" in f["rule_id"]]
        self.assertTrue(any(f["status"] in ("pass", "fail") for f in others))

    def test_unreadable_second_subscription_leaves_every_key_unknown(self):
        other = "11111111-2222-3333-4444-555555555555"
        self.arm.add_fault(path=rf"/subscriptions/{other}.*", status=401, method="GET")
        settings = {"subscriptions": [SUBSCRIPTION, other]}
        facts, status, _ = self.collect(settings)
        self.assertEqual(status["status"], "unauthorized")
        for key in ("aks", "backup_vaults", "resources", "subscriptions"):
            self.assertNotIn(key, facts)  # not the first subscription's part alone
        self.assertTrue(any(other in u["what"] for u in facts["unavailable"]))
        _, report = self.audit(settings)
        azure = [f for f in report["findings"] if ".azure." in f["rule_id"]]
        self.assertTrue(azure)
        self.assertNotIn("pass", {f["status"] for f in azure})

    def test_child_list_refused_leaves_children_unknown(self):
        self.arm.add_fault(path=r".*/flexibleservers/[^/]+/firewallrules", status=403, method="GET")
        facts, status, _ = self.collect()
        self.assertEqual(status["status"], "partial")
        self.assertTrue(facts["postgres_flexible"])
        for server in facts["postgres_flexible"]:
            self.assertNotIn("resources", server)  # not half a list
        self.assertTrue(any("firewallRules" in u["what"] for u in facts["unavailable"]))
        _, report = self.audit()
        secure = [f for f in report["findings"]
                  if f["rule_id"] == "security.azure.postgres-require-secure-transport"]
        self.assertTrue(secure)
        self.assertEqual({f["status"] for f in secure}, {"unknown"})

    def test_expired_token_is_refreshed(self):
        self.arm.expire_tokens_after = 5
        facts, status, _ = self.collect()
        self.assert_ok(status)
        self.assertGreaterEqual(len(self.arm.issued), 2)
        self.assertTrue(any(e["status"] == 401 for e in self.arm.requests()))

    def test_expired_explicit_token(self):
        token = "expired-token-" + "x" * 30
        self.arm.add_token(token, lifetime=-60)
        self.env["AZURE_ACCESS_TOKEN"] = token
        settings = {"credential": "token"}
        facts, status, _ = self.collect(settings)
        self.assertEqual(status["status"], "unauthorized")
        self.assertNotIn("aks", facts)
        result, report = self.audit(settings)
        self.assertEqual(result.returncode, 3, result.stderr)
        statuses = {f["status"] for f in report["findings"]}
        self.assertNotIn("pass", statuses)
        self.assertIn("unknown", statuses)

    def test_stalled_server(self):
        self.arm.add_fault(path=r"/subscriptions/.*", stall=60, method="GET")
        facts, status, result = self.collect(timeout="3s")
        self.assertLess(result.elapsed, 15)
        self.assertNotEqual(status["status"], "ok")
        self.assertNotIn("aks", facts)
        audit, report = self.audit(timeout="3s")
        self.assertNotIn("pass", {f["status"] for f in report["findings"]})


class SecretsTest(AzureCase):
    def outputs(self, name, command):
        return super().outputs(name, command, audit_args=self.azure_rules())

    def assert_nowhere(self, texts, planted):
        self.assertTrue(planted)
        self.assertTrue(all(planted))
        for where, text in texts.items():
            for secret in planted:
                self.assertNotIn(secret, text, f"a secret leaked into {where}")

    def test_client_secret_and_tokens(self):
        self.use_client_secret()
        self.arm.expire_tokens_after = 20  # several tokens
        texts = {}
        for command in ("collect", "audit"):
            texts.update(self.outputs(f"secret-{command}", command))
        self.assertGreaterEqual(len(self.arm.issued), 2)
        self.assertTrue(any(k.endswith("report.sarif") for k in texts))
        self.assert_nowhere(texts, [SECRET, *self.arm.issued])

    def test_assertion_and_wrong_secret(self):
        self.arm.certificate = client_certificate(self.dir)
        self.env.update(AZURE_TENANT_ID=TENANT, AZURE_CLIENT_ID=CLIENT_ID,
                        AZURE_CLIENT_CERTIFICATE_PATH=self.arm.certificate)
        texts = self.outputs("cert-audit", "audit")
        self.assert_nowhere(texts, [*self.arm.assertions, *self.arm.issued])
        self.env.pop("AZURE_CLIENT_CERTIFICATE_PATH")
        self.env["AZURE_CLIENT_SECRET"] = "wrong-" + SECRET
        texts = self.outputs("wrong-collect", "collect")
        self.assert_nowhere(texts, ["wrong-" + SECRET])


if __name__ == "__main__":
    unittest.main(verbosity=2)
