#pragma once
// What of a Kubernetes object may hold a secret, and its redaction. golive's
// snapshot is evidence that gets shared; a password someone put in a
// Deployment or ConfigMap must not travel with it. Rules still see that a
// secret was there: the value is replaced by a marker, never dropped.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "golive/sensitive.hpp"

namespace golive::collectors::k8s {

using golive::holds_private_key;
using golive::kRedacted;
using golive::kRedactedPrivateKey;

// Names Polaris (sensitiveContainerEnvVar, sensitiveConfigmapContent) and
// golive treat as secrets: password, passwd, secret, token, bearer, api key,
// private key, AZURE_*KEY, AWS_SECRET_ACCESS_KEY, OCI_CLI_KEY_CONTENT,
// GOOGLE_APPLICATION_CREDENTIALS (case-insensitive).
bool is_sensitive_name(std::string_view name);

// Redacts in place: every string holding a private key; container `env`
// literal values with a sensitive name; ConfigMap data values under a
// sensitive key, and `name = value` / `name: value` lines with a sensitive
// name inside other ConfigMap values (an odoo.conf's admin_passwd).
void redact_sensitive_values(nlohmann::json& object);

}  // namespace golive::collectors::k8s
