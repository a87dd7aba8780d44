// The Kubernetes offline twin: manifests (multi-document YAML, JSON,
// kubectl Lists) into k8s facts, the workloads view, and what never reaches
// the facts (Secret data, secret-looking values).

#include <catch2/catch.hpp>

#include "collectors/k8s/kinds.hpp"
#include "collectors/k8s/manifests.hpp"
#include "collectors/k8s/objects.hpp"
#include "collectors/k8s/sensitive.hpp"
#include "golive/diagnostics.hpp"
#include "temp_dir.hpp"

using namespace golive::collectors::k8s;

namespace {

nlohmann::json facts_of(const std::string& file) {
  return manifest_facts(read_manifests({file}));
}

const std::string kPolarisLoaderFixtures = GOLIVE_TEST_DATA "/polaris/pkg/kube/test_files";

}  // namespace

TEST_CASE("multi-document YAML files objects by kind, with default namespaces", "[k8s]") {
  golive::test::TempDir dir;
  const auto file = dir.write("app.yaml", R"(---
apiVersion: v1
kind: Namespace
metadata: {name: odoo}
---
# a comment-only document is skipped
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  template:
    spec:
      securityContext:
      containers: [{name: odoo, image: odoo:18.0}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: odoo}
spec: {podSelector: {}}
---
replicaCount: 3   # a Helm values file: not a Kubernetes object, skipped
)");
  const auto facts = facts_of(file);
  REQUIRE(facts.at("namespaces").size() == 1);
  CHECK_FALSE(facts.at("namespaces")[0].at("metadata").contains("namespace"));
  REQUIRE(facts.at("deployments").size() == 1);
  CHECK(facts.at("deployments")[0].at("metadata").at("namespace") == "default");
  CHECK_FALSE(
      facts.at("deployments")[0].at("spec").at("template").at("spec").contains("securityContext"));
  CHECK(facts.at("networkpolicies")[0].at("metadata").at("namespace") == "odoo");
  // Every listed kind is present: none deployed is an empty list, not unknown.
  CHECK(facts.at("pods") == nlohmann::json::array());
  CHECK(facts.at("secrets") == nlohmann::json::array());
  // Custom resources stay absent, as on a cluster without their CRDs.
  CHECK_FALSE(facts.contains("ingressroutes"));
}

TEST_CASE("the namespace setting applies to objects without one", "[k8s]") {
  golive::test::TempDir dir;
  const auto file = dir.write("d.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n");
  const auto facts =
      manifest_facts(read_manifests({file}, {.default_namespace = "odoo", .ignore = {}}));
  CHECK(facts.at("services")[0].at("metadata").at("namespace") == "odoo");
}

TEST_CASE("kubectl get -o json Lists are expanded, items given their kind", "[k8s]") {
  golive::test::TempDir dir;
  const auto list = dir.write("pods.json", R"({"apiVersion": "v1", "kind": "List", "items": [
    {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a", "namespace": "odoo"}, "spec": {"containers": []}},
    {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "namespace": "odoo"}}]})");
  const auto typed =
      dir.write("deploys.json", R"({"apiVersion": "apps/v1", "kind": "DeploymentList",
    "metadata": {"resourceVersion": "1"}, "items": [{"metadata": {"name": "web", "namespace": "odoo"},
    "spec": {"template": {"spec": {"containers": []}}}}]})");
  const auto facts = manifest_facts(read_manifests({list, typed}));
  CHECK(facts.at("pods").size() == 1);
  CHECK(facts.at("services").size() == 1);
  REQUIRE(facts.at("deployments").size() == 1);
  CHECK(facts.at("deployments")[0].at("kind") == "Deployment");
  CHECK(facts.at("deployments")[0].at("apiVersion") == "apps/v1");
}

TEST_CASE("workloads: one per top-level controller, with its pod template", "[k8s]") {
  golive::test::TempDir dir;
  const auto file = dir.write("w.yaml", R"(
apiVersion: batch/v1
kind: CronJob
metadata: {name: backup, namespace: odoo}
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec: {containers: [{name: dump, image: pg:16}]}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-abc
  namespace: odoo
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-1, controller: true}]
spec: {containers: [{name: odoo}]}
---
apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: odoo}
spec: {containers: [{name: shell}]}
)");
  const auto facts = facts_of(file);
  REQUIRE(facts.at("workloads").size() == 2);
  CHECK(facts.at("workloads")[0].at("kind") == "CronJob");
  CHECK(facts.at("workloads")[0].at("podTemplate").at("spec").at("containers")[0].at("name") ==
        "dump");
  CHECK(facts.at("workloads")[1].at("metadata").at("name") == "debug");
  CHECK(facts.at("workloads")[1].at("podTemplate").at("spec").at("containers")[0].at("name") ==
        "shell");
  CHECK(facts.at("pods").size() == 2);  // the kind list keeps every Pod
}

TEST_CASE("Secrets keep metadata and type, never data", "[k8s][secrets]") {
  golive::test::TempDir dir;
  const auto file = dir.write("s.yaml", R"(
apiVersion: v1
kind: Secret
metadata:
  name: odoo-db
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"data":{"password":"aHVudGVyMg=="}}'
type: Opaque
data: {password: aHVudGVyMg==}
stringData: {admin: hunter2}
)");
  const auto facts = facts_of(file);
  const std::string text = facts.dump();
  CHECK(text.find("aHVudGVyMg") == std::string::npos);
  CHECK(text.find("hunter2") == std::string::npos);
  CHECK(facts.at("secrets")[0].at("type") == "Opaque");
  CHECK(facts.at("secrets")[0].at("metadata").at("name") == "odoo-db");
}

TEST_CASE("secret-looking values are replaced by markers", "[k8s][secrets]") {
  nlohmann::json deployment =
      nlohmann::json::parse(R"({"apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "odoo"},
    "spec": {"template": {"spec": {"containers": [{"name": "odoo", "env": [
      {"name": "HOST", "value": "pg.internal"},
      {"name": "PGPASSWORD", "value": "hunter2"},
      {"name": "SSH_ID", "value": "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----"},
      {"name": "DB_TOKEN", "valueFrom": {"secretKeyRef": {"name": "t", "key": "k"}}}]}]}}}})");
  const auto kept = sanitize_object(deployment);
  const auto& env = kept.at("spec").at("template").at("spec").at("containers")[0].at("env");
  CHECK(env[0].at("value") == "pg.internal");
  CHECK(env[1].at("value") == std::string(kRedacted));
  CHECK(env[2].at("value") == std::string(kRedactedPrivateKey));
  CHECK(env[3].at("valueFrom").at("secretKeyRef").at("name") == "t");

  nlohmann::json config_map = nlohmann::json::parse(R"({"apiVersion": "v1", "kind": "ConfigMap",
    "metadata": {"name": "odoo-conf", "namespace": "odoo"},
    "data": {"db_password": "abc123", "LOG_LEVEL": "info", "pg_password": "SCRAM-SHA-256$4096:c2FsdA==$c3RvcmVk:c2VydmVy",
      "odoo.conf": "[options]\nadmin_passwd = $pbkdf2-sha512$600000$VSnHX.1C9tT1X1OAjWOc5g$4n0KRC7kj02gQF5Bdm5tNGtdSVA9BJ4.RUpliUjTvV4ib1pVHWNYdv4b3cuqoTr8PggkKsMwYl/lUm2V6WKQTA\ndb_host = pg\ndb_password: s3cret\nworkers = 4\nsmtp_password = $2b$12$notahashbecausetrailing words\n"}})");
  const auto conf = sanitize_object(config_map);
  CHECK(conf.at("data").at("db_password") == std::string(kRedacted));
  CHECK(conf.at("data").at("LOG_LEVEL") == "info");
  const std::string odoo_conf = conf.at("data").at("odoo.conf");
  // A password hash is told apart from a credential, without keeping either.
  CHECK(odoo_conf ==
        "[options]\nadmin_passwd = <redacted by golive: password hash>\ndb_host = pg\n"
        "db_password: <redacted by golive>\nworkers = 4\nsmtp_password = <redacted by golive>\n");
  CHECK(conf.at("data").at("pg_password") == std::string(golive::kRedactedHash));
  // Something that merely starts like a hash is a credential.
  CHECK(golive::redaction_marker("$6$hunter2") == golive::kRedacted);
  CHECK(golive::redaction_marker("$2a$x") == golive::kRedacted);
  CHECK(golive::redaction_marker("$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW") ==
        golive::kRedactedHash);
  CHECK(golive::redaction_marker("$apr1$r31.....$HqJZimcKQFAMYayBlzkrA/") == golive::kRedactedHash);

  // Values that continue on the next lines, and quoted names (JSON, YAML).
  nlohmann::json nested = nlohmann::json::parse(R"({"apiVersion": "v1", "kind": "ConfigMap",
    "metadata": {"name": "app", "namespace": "odoo"},
    "data": {"settings.yaml": "db:\n  password: |\n    hunter2folded\n  host: pg\n",
             "settings.json": "{\n  \"db_password\": \"hunter2json\",\n  \"host\": \"pg\"\n}\n",
             "hashed.yaml": "admin:\n  'admin_passwd': >-\n    $pbkdf2-sha512$600000$VSnHX.1C9tT1X1OAjWOc5g$4n0KRC7kj02gQF5Bdm5tNGtdSVA9BJ4.RUpliUjTvV4ib1pVHWNYdv4b3cuqoTr8PggkKsMwYl/lUm2V6WKQTA\n"}})");
  const auto redacted = sanitize_object(nested);
  const std::string text = redacted.dump();
  CHECK(text.find("hunter2") == std::string::npos);
  CHECK(redacted.at("data").at("settings.yaml") ==
        "db:\n  password: <redacted by golive>\n  host: pg\n");
  CHECK(redacted.at("data").at("settings.json") ==
        "{\n  \"db_password\": <redacted by golive>\n  \"host\": \"pg\"\n}\n");
  CHECK(redacted.at("data").at("hashed.yaml") ==
        "admin:\n  'admin_passwd': <redacted by golive: password hash>\n");
}

TEST_CASE("sensitive names follow Polaris's patterns", "[k8s][secrets]") {
  CHECK(is_sensitive_name("AWS_SECRET_ACCESS_KEY"));
  CHECK(is_sensitive_name("azure_batch_key"));
  CHECK(is_sensitive_name("OCI_CLI_KEY_CONTENT"));
  CHECK(is_sensitive_name("db_password"));
  CHECK(is_sensitive_name("GITHUB_TOKEN"));
  CHECK_FALSE(is_sensitive_name("LOG_LEVEL"));
  CHECK_FALSE(is_sensitive_name("AZURE_REGION"));
  CHECK(holds_private_key("---BEGIN OPENSSH PRIVATE KEY---\nxx"));
  CHECK_FALSE(holds_private_key("-----BEGIN CERTIFICATE-----"));
}

TEST_CASE("manifest errors point at file:line:column", "[k8s]") {
  golive::test::TempDir dir;
  const auto bad = dir.write("bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: [unclosed\n");
  try {
    read_manifests({bad});
    FAIL("no error");
  } catch (const golive::InputError& e) {
    const auto& d = e.diagnostics().front();
    CHECK(d.location.file == bad);
    CHECK(d.location.line >= 3);
  }
  // A document that is not a mapping is not a Kubernetes object: noted, at its line.
  const auto scalar = dir.write("s.yaml", "apiVersion: v1\nkind: Pod\n---\njust text\n");
  const auto read = read_manifests({scalar});
  CHECK(read.objects.size() == 1);
  REQUIRE(read.notes.size() == 1);
  CHECK_THAT(read.notes[0], Catch::Contains("s.yaml:4: a document that is not a mapping"));
  CHECK_THROWS_AS(read_manifests({dir.file("missing")}), golive::InputError);
}

TEST_CASE("Polaris's loader fixtures: a directory walk and a multi-document file", "[k8s]") {
  const auto walked = read_manifests({kPolarisLoaderFixtures + "/test_1"});
  CHECK(walked.objects.size() == 10);
  const auto facts = manifest_facts(walked);
  REQUIRE(facts.at("namespaces").size() == 1);
  CHECK(facts.at("namespaces")[0].at("metadata").at("name") == "two");
  CHECK(facts.at("nodes").empty());
  const auto multi =
      manifest_facts(read_manifests({kPolarisLoaderFixtures + "/test_2/multi.yaml"}));
  CHECK(multi.at("deployments").size() == 1);
  CHECK(multi.at("deployments")[0]
            .at("spec")
            .at("template")
            .at("spec")
            .at("containers")[0]
            .at("name") == "dashboard");
  CHECK(multi.at("namespaces").size() == 2);
}

TEST_CASE("fact keys are the lower-case plural resource names", "[k8s]") {
  CHECK(fact_key_for("NetworkPolicy") == "networkpolicies");
  CHECK(fact_key_for("Ingress") == "ingresses");
  CHECK(fact_key_for("ReplicationController") == "replicationcontrollers");
  CHECK(fact_key_for("Gateway") == "gateways");
  CHECK(find_kind("IngressRoute", "traefik.containo.us/v1alpha1")->group == "traefik.containo.us");
  CHECK(find_kind("Deployment", "extensions/v1beta1")->key == "deployments");
  CHECK(is_cluster_scoped("ClusterRole"));
  CHECK_FALSE(is_cluster_scoped("Role"));
}

namespace {

bool has_note(const std::vector<std::string>& notes, const std::string& text) {
  return std::any_of(notes.begin(), notes.end(),
                     [&](const std::string& n) { return n.find(text) != std::string::npos; });
}

const std::string kPod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: []}\n";

}  // namespace

TEST_CASE("every object keeps its file and the line of its document", "[k8s][location]") {
  golive::test::TempDir dir;
  const auto file = dir.write("app.yaml", "# comment\n" + kPod + "---\n" +
                                              "apiVersion: v1\nkind: List\nitems:\n"
                                              "  - apiVersion: v1\n    kind: ConfigMap\n"
                                              "    metadata: {name: a}\n"
                                              "  - apiVersion: v1\n    kind: ConfigMap\n"
                                              "    metadata: {name: b}\n");
  const auto read = read_manifests({file});
  REQUIRE(read.objects.size() == 3);
  CHECK(read.objects[0]["$source"]["file"] == display_path(file));
  CHECK(read.objects[0]["$source"]["line"] == 2);
  CHECK(read.objects[1]["$source"]["line"] == 10);  // each List item at its own line
  CHECK(read.objects[2]["$source"]["line"] == 13);
  // The place travels into the workloads view, and survives a Secret's redaction.
  const auto facts = manifest_facts(read);
  CHECK(facts["workloads"][0]["$source"]["line"] == 2);
  const auto secret = dir.write("s.yaml",
                                "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n"
                                "data: {password: c2VjcmV0}\n");
  const auto secret_facts = manifest_facts(read_manifests({secret}));
  CHECK(secret_facts["secrets"][0]["$source"]["line"] == 1);
  CHECK_FALSE(secret_facts["secrets"][0].contains("data"));
}

TEST_CASE("a folder's files that hold no Kubernetes object are skipped with a note",
          "[k8s][notes]") {
  golive::test::TempDir dir;
  dir.write("deploy/app.yaml", kPod);
  dir.write("deploy/empty.json", "");
  dir.write("deploy/README.md", "# how to deploy\n");
  dir.write("deploy/values.yaml", "replicaCount: 2\nimage: {tag: latest}\n");
  const auto read = read_manifests({dir.file("deploy")});
  CHECK(read.objects.size() == 1);
  CHECK(has_note(read.notes, "empty.json: empty, skipped"));
  CHECK(has_note(read.notes, "values.yaml: no Kubernetes object"));
  CHECK(has_note(read.notes, "1 file not YAML or JSON left out (README.md)"));
  // A broken YAML file is still an error at its position.
  dir.write("deploy/broken.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: [x\n");
  CHECK_THROWS_AS(read_manifests({dir.file("deploy")}), golive::InputError);
}

TEST_CASE("Helm charts and kustomize folders are not read: a note says how to render them",
          "[k8s][notes]") {
  golive::test::TempDir dir;
  dir.write("repo/app.yaml", kPod);
  dir.write("repo/charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n");
  dir.write("repo/charts/web/templates/deploy.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n");
  dir.write("repo/overlays/prod/kustomization.yaml", "resources: [../../base]\n");
  dir.write("repo/overlays/prod/patch.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 5}\n");
  const auto read = read_manifests({dir.file("repo")});
  CHECK(read.objects.size() == 1);
  CHECK(has_note(read.notes, "is a Helm chart (Chart.yaml)"));
  CHECK(has_note(read.notes, "helm template RELEASE"));
  CHECK(has_note(read.notes, "is a kustomize folder"));
  CHECK(has_note(read.notes, "kubectl kustomize"));
  // A template given directly: the syntax error says it looks unrendered.
  const auto tpl = dir.write("tpl.yaml", "metadata:\n  name: {{ .Release.Name }}\n  x: [\n");
  try {
    read_manifests({tpl});
    FAIL("no error");
  } catch (const golive::InputError& e) {
    CHECK_THAT(e.what(), Catch::Contains("unrendered template"));
  }
}

TEST_CASE("ignore globs leave out files and folders", "[k8s]") {
  golive::test::TempDir dir;
  dir.write("deploy/app.yaml", kPod);
  dir.write("deploy/tests/fixture.yaml", kPod);
  dir.write("deploy/app.values.yaml", "a: 1\n");
  ManifestOptions options;
  options.ignore = {"tests", "*.values.yaml"};
  const auto read = read_manifests({dir.file("deploy")}, options);
  CHECK(read.files.size() == 1);
  CHECK(read.notes.empty());
}

TEST_CASE("an object given twice is noted with both places, and judged at each", "[k8s][notes]") {
  golive::test::TempDir dir;
  dir.write("a/one.yaml", kPod);
  dir.write("a/two.yaml", "---\n" + kPod);
  const auto read = read_manifests({dir.file("a")});
  CHECK(read.objects.size() == 2);
  REQUIRE(read.notes.size() == 1);
  CHECK_THAT(read.notes[0], Catch::Contains("Pod default/p is given 2 times"));
  CHECK_THAT(read.notes[0], Catch::Contains("one.yaml:1"));
  CHECK_THAT(read.notes[0], Catch::Contains("two.yaml:2"));
}

TEST_CASE("the cluster version offline: declared, else the oldest kubelet, else unavailable",
          "[k8s]") {
  golive::test::TempDir dir;
  const auto nodes = dir.write("nodes.json", R"({"apiVersion": "v1", "kind": "List", "items": [
    {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "a"},
     "status": {"nodeInfo": {"kubeletVersion": "v1.34.2"}}},
    {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "b"},
     "status": {"nodeInfo": {"kubeletVersion": "v1.33.9"}}}]})");
  CHECK(manifest_facts(read_manifests({nodes}))["version"]["gitVersion"] == "v1.33.9");
  CHECK(manifest_facts(read_manifests({nodes}), "1.35.0")["version"]["gitVersion"] == "v1.35.0");
  const auto pod = dir.write("pod.yaml", kPod);
  const auto facts = manifest_facts(read_manifests({pod}));
  CHECK_FALSE(facts.contains("version"));
  CHECK_THAT(facts["unavailable"]["version"].get<std::string>(),
             Catch::Contains("--kubernetes-version"));
}

TEST_CASE("a walk skips hidden folders, and objects named when created are not duplicates",
          "[k8s][notes]") {
  golive::test::TempDir dir;
  dir.write("repo/app.yaml", kPod);
  dir.write("repo/.github/workflows/ci.yaml", "on: push\njobs: {}\n");
  dir.write("repo/.git/config", "[core]\n");
  const std::string job =
      "apiVersion: batch/v1\nkind: Job\nmetadata: {generateName: migrate-}\nspec: {}\n";
  dir.write("repo/jobs.yaml", job + "---\n" + job);
  const auto read = read_manifests({dir.file("repo")});
  CHECK(read.objects.size() == 3);
  CHECK(read.notes.empty());
}

TEST_CASE("hostile manifests never throw: odd types, huge versions, link loops", "[k8s][hostile]") {
  golive::test::TempDir dir;
  dir.write("odd/a.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: 123, namespace: [a]}\n---\n"
            "apiVersion: v1\nkind: 5\nmetadata: {name: x}\n---\n"
            "apiVersion: v1\nkind: List\nitems: 7\n---\n"
            "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n"
            "status: {nodeInfo: {kubeletVersion: v99999999999.1}}\n---\n"
            "apiVersion: v1\nkind: Node\nmetadata: {name: n2}\nstatus: {nodeInfo: {kubeletVersion: "
            "1.29}}\n"
            "---\napiVersion: v1\nkind: Node\nmetadata: {name: n3}\nstatus: [1]\n");
  std::filesystem::create_directory_symlink("loop", dir.file("odd/loop"));
  ManifestObjects read;
  REQUIRE_NOTHROW(read = read_manifests({dir.file("odd")}));
  nlohmann::json facts;
  REQUIRE_NOTHROW(facts = manifest_facts(read));
  CHECK(facts["nodes"].size() == 3);
  CHECK_FALSE(facts.contains("version"));  // no kubelet version is a usable one
  CHECK(version_numbers("v1.34.2") == std::vector<int>{1, 34, 2});
  CHECK(version_numbers("1.29.3+k3s1") == std::vector<int>{1, 29, 3});
  CHECK(version_numbers("v99999999999.1").empty());
  CHECK(version_numbers("banana").empty());
}

TEST_CASE("each item of a kubectl JSON List keeps its own line", "[k8s][location]") {
  golive::test::TempDir dir;
  const auto list = dir.write("pods.json", R"({
  "apiVersion": "v1",
  "kind": "List",
  "items": [
    {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"}},
    {
      "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "b"}
    }
  ]
})");
  const auto read = read_manifests({list});
  REQUIRE(read.objects.size() == 2);
  CHECK(read.objects[0]["$source"]["line"] == 5);
  CHECK(read.objects[1]["$source"]["line"] == 6);
}

TEST_CASE("a path given with a trailing slash is ignored by its name", "[k8s]") {
  golive::test::TempDir dir;
  dir.write("s/app.yaml", kPod);
  ManifestOptions options;
  options.ignore = {"s"};
  CHECK(read_manifests({dir.file("s") + "/"}, options).files.empty());
}

TEST_CASE("versions are read as written, and a BOM does not move List lines", "[k8s]") {
  CHECK(version_numbers(" V1.34 ") == std::vector<int>{1, 34});
  CHECK(version_numbers("-1.2").empty());
  golive::test::TempDir dir;
  const auto pod = dir.write("pod.yaml", kPod);
  CHECK(manifest_facts(read_manifests({pod}), "V1.35.1")["version"]["gitVersion"] == "v1.35.1");
  const auto list =
      dir.write("bom.json",
                "\xEF\xBB\xBF{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n"
                "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"a\"}}]}");
  const auto read = read_manifests({list});
  REQUIRE(read.objects.size() == 1);
  CHECK(read.objects[0]["$source"]["line"] == 2);
}

TEST_CASE("an ownerReference's controller flag is read only when it is a boolean", "[k8s]") {
  nlohmann::json facts = {
      {"pods", nlohmann::json::array(
                   {{{"kind", "Pod"},
                     {"metadata", {{"name", "a"}, {"ownerReferences", {{{"controller", "yes"}}}}}},
                     {"spec", {{"containers", nlohmann::json::array()}}}},
                    {{"kind", "Pod"},
                     {"metadata", {{"name", "b"}, {"ownerReferences", {{{"controller", true}}}}}},
                     {"spec", {{"containers", nlohmann::json::array()}}}}})}};
  REQUIRE_NOTHROW(add_workloads(facts));
  REQUIRE(facts["workloads"].size() == 1);  // b is owned by a controller; a is not
  CHECK(facts["workloads"][0]["metadata"]["name"] == "a");
}
