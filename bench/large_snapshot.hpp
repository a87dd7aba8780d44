#pragma once
// A generated snapshot at the scale of a large production estate: 10,000
// Kubernetes objects and 500 Azure resources in the shapes the collectors
// emit (Kubernetes API objects, ARM JSON), plus data-tier, ingress, Odoo and
// declared facts. Deterministic: the same counts give the same document.

#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace golive::bench {

using nlohmann::json;

inline json deployment_template() {
  return json::parse(R"({
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "", "namespace": "", "uid": "3f1c2a3e-0000-4000-8000-000000000000",
      "resourceVersion": "1234567", "generation": 4, "creationTimestamp": "2026-09-01T10:00:00Z",
      "labels": {"app.kubernetes.io/name": "", "app.kubernetes.io/component": "web",
                 "app.kubernetes.io/part-of": "retail", "kustomize.toolkit.fluxcd.io/name": "apps",
                 "owner": "team-retail"},
      "annotations": {"deployment.kubernetes.io/revision": "4"}},
    "spec": {"replicas": 3, "revisionHistoryLimit": 10,
      "selector": {"matchLabels": {"app.kubernetes.io/name": ""}},
      "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 0}},
      "template": {
        "metadata": {"labels": {"app.kubernetes.io/name": "", "app.kubernetes.io/component": "web"}},
        "spec": {
          "serviceAccountName": "app",
          "topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
            "whenUnsatisfiable": "ScheduleAnyway",
            "labelSelector": {"matchLabels": {"app.kubernetes.io/name": ""}}}],
          "securityContext": {"runAsNonRoot": true, "runAsUser": 101, "fsGroup": 101},
          "containers": [{
            "name": "app", "image": "retailacr.azurecr.io/retail/app:17.0.20260901@sha256:4f2b0d8c7a1e9f3b5d6c8a0e2f4b6d8c0a2e4f6b8d0c2e4a6f8b0d2c4e6a8f0b",
            "imagePullPolicy": "IfNotPresent",
            "ports": [{"name": "http", "containerPort": 8069, "protocol": "TCP"}],
            "env": [{"name": "DB_HOST", "value": "retail-pg.postgres.database.azure.com"},
                    {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}],
            "resources": {"requests": {"cpu": "500m", "memory": "1Gi"}, "limits": {"cpu": "2", "memory": "2Gi"}},
            "readinessProbe": {"httpGet": {"path": "/web/health", "port": 8069}, "periodSeconds": 10},
            "livenessProbe": {"httpGet": {"path": "/web/health", "port": 8069}, "periodSeconds": 20},
            "securityContext": {"allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true,
                                "capabilities": {"drop": ["ALL"]}}}]}}},
    "status": {"replicas": 3, "readyReplicas": 3, "availableReplicas": 3, "observedGeneration": 4}
  })");
}

inline json pod_template() {
  json pod = deployment_template()["spec"]["template"];
  pod["apiVersion"] = "v1";
  pod["kind"] = "Pod";
  pod["spec"]["nodeName"] = "aks-system-12345678-vmss000001";
  pod["status"] =
      json::parse(R"({"phase": "Running", "podIP": "10.244.3.17", "qosClass": "Burstable",
    "conditions": [{"type": "Ready", "status": "True"}],
    "containerStatuses": [{"name": "app", "ready": true, "restartCount": 0, "started": true}]})");
  return pod;
}

inline json metadata(const std::string& name, const std::string& ns) {
  return {{"name", name},
          {"namespace", ns},
          {"labels", {{"app.kubernetes.io/name", name}}},
          {"uid", "9d7e8f00-0000-4000-8000-000000000000"},
          {"resourceVersion", "7654321"}};
}

inline std::string namespace_of(int i) {
  return fmt::format("team-{:03}", i % 150);
}

inline json kubernetes_facts(int total) {
  json k8s = json::object();
  const int namespaces = 150, nodes = 60, statefulsets = 200, pdbs = 300, hpas = 300, netpols = 300,
            services = 1200, pods = 5000, deployments = 1500;
  const int configmaps = total - namespaces - nodes - statefulsets - pdbs - hpas - netpols -
                         services - pods - deployments;
  for (int i = 0; i < namespaces; ++i)
    k8s["namespaces"].push_back(
        {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", namespace_of(i)}}}});
  for (int i = 0; i < nodes; ++i)
    k8s["nodes"].push_back(
        {{"apiVersion", "v1"},
         {"kind", "Node"},
         {"metadata",
          {{"name", fmt::format("aks-user-{:08}-vmss{:06}", i / 20, i)},
           {"labels",
            {{"topology.kubernetes.io/zone", fmt::format("westeurope-{}", i % 3 + 1)},
             {"kubernetes.azure.com/agentpool", "user"}}}}},
         {"status", {{"nodeInfo", {{"kubeletVersion", "v1.30.5"}}}}}});
  const json deployment = deployment_template();
  for (int i = 0; i < deployments; ++i) {
    json d = deployment;
    const std::string name = fmt::format("svc-{:04}", i);
    const std::string ns = i < 20 ? "odoo" : namespace_of(i);
    d["metadata"]["name"] = name;
    d["metadata"]["namespace"] = ns;
    d["metadata"]["labels"]["app.kubernetes.io/name"] = name;
    d["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"] = name;
    d["spec"]["template"]["metadata"]["labels"]["app.kubernetes.io/name"] = name;
    if (i % 7 == 0) d["spec"]["replicas"] = 1;  // some gaps for the rules to find
    if (i % 11 == 0) d["spec"]["template"]["spec"]["containers"][0].erase("livenessProbe");
    if (i % 13 == 0) d["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:latest";
    k8s["deployments"].push_back(std::move(d));
  }
  for (int i = 0; i < statefulsets; ++i) {
    json s = deployment;
    s["kind"] = "StatefulSet";
    s["metadata"]["name"] = fmt::format("db-{:04}", i);
    s["metadata"]["namespace"] = namespace_of(i);
    k8s["statefulsets"].push_back(std::move(s));
  }
  const json pod = pod_template();
  for (int i = 0; i < pods; ++i) {
    json p = pod;
    p["metadata"] = metadata(fmt::format("svc-{:04}-7d9f8c6b5-{:05}", i % deployments, i),
                             namespace_of(i % deployments));
    k8s["pods"].push_back(std::move(p));
  }
  for (int i = 0; i < services; ++i)
    k8s["services"].push_back(
        {{"apiVersion", "v1"},
         {"kind", "Service"},
         {"metadata", metadata(fmt::format("svc-{:04}", i), namespace_of(i))},
         {"spec",
          {{"type", "ClusterIP"},
           {"clusterIP", "10.0.12.34"},
           {"ports", {{{"name", "http"}, {"port", 80}, {"targetPort", 8069}}}},
           {"selector", {{"app.kubernetes.io/name", fmt::format("svc-{:04}", i)}}}}}});
  for (int i = 0; i < pdbs; ++i) {
    const std::string target = fmt::format("svc-{:04}", i);
    k8s["poddisruptionbudgets"].push_back(
        {{"apiVersion", "policy/v1"},
         {"kind", "PodDisruptionBudget"},
         {"metadata", metadata(target, i < 20 ? "odoo" : namespace_of(i))},
         {"spec",
          {{"maxUnavailable", 1},
           {"selector", {{"matchLabels", {{"app.kubernetes.io/name", target}}}}}}},
         {"status", {{"disruptionsAllowed", 1}, {"currentHealthy", 3}, {"desiredHealthy", 2}}}});
  }
  for (int i = 0; i < hpas; ++i)
    k8s["horizontalpodautoscalers"].push_back(
        {{"apiVersion", "autoscaling/v2"},
         {"kind", "HorizontalPodAutoscaler"},
         {"metadata", metadata(fmt::format("svc-{:04}", i), i < 20 ? "odoo" : namespace_of(i))},
         {"spec",
          {{"minReplicas", 2},
           {"maxReplicas", 10},
           {"scaleTargetRef",
            {{"apiVersion", "apps/v1"},
             {"kind", "Deployment"},
             {"name", fmt::format("svc-{:04}", i)}}}}}});
  for (int i = 0; i < netpols; ++i)
    k8s["networkpolicies"].push_back(
        {{"apiVersion", "networking.k8s.io/v1"},
         {"kind", "NetworkPolicy"},
         {"metadata", metadata("default-deny", namespace_of(i))},
         {"spec", {{"podSelector", json::object()}, {"policyTypes", {"Ingress", "Egress"}}}}});
  for (int i = 0; i < configmaps; ++i)
    k8s["configmaps"].push_back(
        {{"apiVersion", "v1"},
         {"kind", "ConfigMap"},
         {"metadata", metadata(fmt::format("config-{:04}", i), namespace_of(i))},
         {"data", {{"LOG_LEVEL", "info"}, {"FEATURE_FLAGS", "a,b,c"}}}});
  k8s["version"] = {{"major", "1"}, {"minor", "30"}, {"gitVersion", "v1.30.5"}};
  return k8s;
}

inline std::string arm_id(const std::string& provider, const std::string& name) {
  return fmt::format(
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/"
      "rg-retail-prod/providers/{}/{}",
      provider, name);
}

inline json azure_facts(int total) {
  json azure = json::object();
  const int aks = 20, postgres = 80, redis = 80, vaults = 120;
  const int storage = total - aks - postgres - redis - vaults;
  for (int i = 0; i < aks; ++i) {
    const std::string name = fmt::format("aks-retail-{:03}", i);
    azure["aks"].push_back(
        json::parse(fmt::format(R"({{
      "id": "{}", "name": "{}", "type": "Microsoft.ContainerService/ManagedClusters",
      "location": "westeurope", "tags": {{"owner": "platform", "environment": "prod", "costCenter": "cc-42"}},
      "sku": {{"name": "Base", "tier": "Standard"}},
      "properties": {{"provisioningState": "Succeeded", "kubernetesVersion": "1.30.5",
        "currentKubernetesVersion": "1.30.5", "enableRBAC": true, "disableLocalAccounts": true,
        "aadProfile": {{"managed": true, "enableAzureRBAC": true}},
        "autoUpgradeProfile": {{"upgradeChannel": "patch", "nodeOSUpgradeChannel": "NodeImage"}},
        "apiServerAccessProfile": {{"enablePrivateCluster": true}},
        "networkProfile": {{"networkPlugin": "azure", "networkPolicy": "calico", "loadBalancerSku": "standard"}},
        "addonProfiles": {{"omsagent": {{"enabled": true, "config": {{"logAnalyticsWorkspaceResourceID": "/subscriptions/x/ws"}}}},
                           "azurepolicy": {{"enabled": true}}}},
        "agentPoolProfiles": [
          {{"name": "system", "mode": "System", "count": 3, "vmSize": "Standard_D4ds_v5", "osType": "Linux",
            "availabilityZones": ["1", "2", "3"], "enableAutoScaling": true, "minCount": 3, "maxCount": 5,
            "orchestratorVersion": "1.30.5", "maxPods": 110}},
          {{"name": "user", "mode": "User", "count": 6, "vmSize": "Standard_D8ds_v5", "osType": "Linux",
            "availabilityZones": ["1", "2", "3"], "enableAutoScaling": true, "minCount": 3, "maxCount": 12,
            "orchestratorVersion": "1.30.5", "maxPods": 110}}]}}}})",
                                arm_id("Microsoft.ContainerService/managedClusters", name), name)));
  }
  for (int i = 0; i < postgres; ++i) {
    const std::string name = fmt::format("pg-retail-{:03}", i);
    azure["postgres_flexible"].push_back(
        json::parse(fmt::format(R"({{
      "id": "{}", "name": "{}", "type": "Microsoft.DBforPostgreSQL/flexibleServers", "location": "westeurope",
      "tags": {{"owner": "data", "environment": "prod", "costCenter": "cc-42"}},
      "sku": {{"name": "Standard_D4ds_v5", "tier": "GeneralPurpose"}},
      "properties": {{"version": "16", "state": "Ready", "availabilityZone": "1",
        "storage": {{"storageSizeGB": 256, "autoGrow": "Enabled"}},
        "network": {{"publicNetworkAccess": "Disabled"}},
        "backup": {{"backupRetentionDays": 35, "geoRedundantBackup": "{}"}},
        "highAvailability": {{"mode": "ZoneRedundant", "state": "Healthy", "standbyAvailabilityZone": "2"}},
        "authConfig": {{"activeDirectoryAuth": "Enabled", "passwordAuth": "Disabled"}}}},
      "configurations": [{{"name": "require_secure_transport", "properties": {{"value": "on"}}}}]}})",
                                arm_id("Microsoft.DBforPostgreSQL/flexibleServers", name), name,
                                i % 9 == 0 ? "Disabled" : "Enabled")));
  }
  for (int i = 0; i < redis; ++i) {
    const std::string name = fmt::format("redis-retail-{:03}", i);
    azure["redis"].push_back(json::parse(fmt::format(R"({{
      "id": "{}", "name": "{}", "type": "Microsoft.Cache/Redis", "location": "westeurope", "zones": ["1", "2"],
      "tags": {{"owner": "platform", "environment": "prod"}},
      "properties": {{"provisioningState": "Succeeded", "redisVersion": "6.0", "minimumTlsVersion": "1.2",
        "sku": {{"name": "Premium", "family": "P", "capacity": 1}}, "enableNonSslPort": false,
        "publicNetworkAccess": "Disabled", "replicasPerPrimary": 1,
        "redisConfiguration": {{"maxmemory-policy": "noeviction", "rdb-backup-enabled": "true"}}}}}})",
                                                     arm_id("Microsoft.Cache/Redis", name), name)));
  }
  for (int i = 0; i < vaults; ++i) {
    const std::string name = fmt::format("kv-retail-{:03}", i);
    azure["key_vaults"].push_back(
        json::parse(fmt::format(R"({{
      "id": "{}", "name": "{}", "type": "Microsoft.KeyVault/vaults", "location": "westeurope",
      "properties": {{"tenantId": "11111111-1111-1111-1111-111111111111", "sku": {{"family": "A", "name": "standard"}},
        "enableSoftDelete": true, "softDeleteRetentionInDays": 90, "enablePurgeProtection": true,
        "enableRbacAuthorization": true, "publicNetworkAccess": "Disabled",
        "networkAcls": {{"defaultAction": "Deny", "bypass": "AzureServices"}}}}}})",
                                arm_id("Microsoft.KeyVault/vaults", name), name)));
  }
  for (int i = 0; i < storage; ++i) {
    const std::string name = fmt::format("stretail{:05}", i);
    azure["storage_accounts"].push_back(
        json::parse(fmt::format(R"({{
      "id": "{}", "name": "{}", "type": "Microsoft.Storage/storageAccounts", "location": "westeurope",
      "kind": "StorageV2", "sku": {{"name": "Standard_GZRS", "tier": "Standard"}},
      "properties": {{"minimumTlsVersion": "TLS1_2", "supportsHttpsTrafficOnly": true,
        "allowBlobPublicAccess": false, "publicNetworkAccess": "Disabled",
        "encryption": {{"services": {{"blob": {{"enabled": true}}}}, "keySource": "Microsoft.Storage"}}}},
      "blobServiceProperties": {{"properties": {{"deleteRetentionPolicy": {{"enabled": true, "days": 14}},
        "containerDeleteRetentionPolicy": {{"enabled": true, "days": 14}}, "isVersioningEnabled": true}}}}}})",
                                arm_id("Microsoft.Storage/storageAccounts", name), name)));
  }
  return azure;
}

// The whole snapshot document. Data tier, ingress, Odoo and declared facts
// are taken from the demo environment when given, so every rule has work.
inline json large_snapshot(const json& demo_facts, int k8s_objects = 10000,
                           int azure_resources = 500) {
  json facts = demo_facts.is_object() ? demo_facts : json::object();
  facts["k8s"] = kubernetes_facts(k8s_objects);
  facts["azure"] = azure_facts(azure_resources);
  json collectors = json::object();
  for (const auto& [name, value] : facts.items()) collectors[name] = {{"status", "ok"}};
  return {{"golive_snapshot", 1},     {"environment", "bench-large"},
          {"profile", "production"},  {"collected_at", "2026-11-20T08:00:00Z"},
          {"collectors", collectors}, {"facts", facts}};
}

}  // namespace golive::bench
