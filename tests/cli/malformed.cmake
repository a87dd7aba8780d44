# Malformed inputs: each must exit 2 and name file:line:column with what to
# change. Cases: NAME KIND INPUT REGEX (KIND: rules, snapshot, waivers).

set(MALFORMED ${CMAKE_CURRENT_SOURCE_DIR}/malformed)
set(MINIMAL_SNAPSHOT ${CMAKE_CURRENT_SOURCE_DIR}/fixtures/minimal-snapshot.json)

function(golive_malformed_case name kind input regex)
  if(kind STREQUAL "rules")
    set(command $<TARGET_FILE:golive> rules validate --no-builtin ${MALFORMED}/${input})
  elseif(kind STREQUAL "snapshot")
    set(command $<TARGET_FILE:golive> evaluate --snapshot ${MALFORMED}/${input})
  elseif(kind STREQUAL "waivers")
    set(command $<TARGET_FILE:golive> evaluate --snapshot ${MINIMAL_SNAPSHOT}
                --waivers ${MALFORMED}/${input})
  elseif(kind STREQUAL "pack")
    set(command $<TARGET_FILE:golive> evaluate --snapshot ${MINIMAL_SNAPSHOT}
                --rules ${MALFORMED}/${input})
  endif()
  add_test(NAME malformed.${name}
           COMMAND ${GOLIVE_EXPECT} 2 -e "${regex}" -e "nothing was evaluated" -- ${command})
endfunction()

golive_malformed_case(rule-yaml-syntax rules rule-yaml-syntax.yaml
  "rule-yaml-syntax.yaml:[0-9]+:[0-9]+: error: invalid YAML")
golive_malformed_case(rule-unknown-key rules rule-unknown-key.yaml
  "rule-unknown-key.yaml:4:1: error: unknown key 'severty' in rule \\(did you mean 'severity'\\?\\)")
golive_malformed_case(rule-missing-assert rules rule-missing-assert.yaml
  "rule-missing-assert.yaml:1:1: error: rule is missing the required key 'assert'")
golive_malformed_case(rule-unknown-domain rules rule-unknown-domain.yaml
  "rule-unknown-domain.yaml:3:9: error: unknown domain 'securty' \\(did you mean 'security'\\?\\)")
golive_malformed_case(rule-unknown-severity rules rule-unknown-severity.yaml
  "rule-unknown-severity.yaml:4:11: error: unknown severity 'critical'; use one of: blocking, high, medium, low, info")
golive_malformed_case(rule-duplicate-id rules rule-duplicate-id
  "second.yaml:2:1: error: duplicate rule id 'broken.duplicate': already defined at .*first.yaml:1:1")
golive_malformed_case(rule-cel-syntax rules rule-cel-syntax.yaml
  "rule-cel-syntax.yaml:6:[0-9]+: error: in 'assert': ")
golive_malformed_case(rule-unknown-function rules rule-unknown-function.yaml
  "rule-unknown-function.yaml:6:[0-9]+: error: in 'assert': .*startsWith")
golive_malformed_case(rule-bad-expect rules rule-bad-expect.yaml
  "rule-bad-expect.yaml:10:13: error: invalid expect 'passed' \\(did you mean 'pass'\\?\\)")
golive_malformed_case(rule-bad-message rules rule-bad-message.yaml
  "rule-bad-message.yaml:7:11: error: in 'message': '\\{\\{' is not closed")
golive_malformed_case(snapshot-syntax snapshot snapshot-syntax.json
  "snapshot-syntax.json:6:42: error: invalid JSON")
golive_malformed_case(snapshot-version snapshot snapshot-version.json
  "snapshot-version.json:2:22: error: unsupported snapshot version 2")
golive_malformed_case(snapshot-collector-status snapshot snapshot-collector-status.json
  "snapshot-collector-status.json:7:23: error: collector 'k8s' has unknown status 'down'")
golive_malformed_case(snapshot-collected-at snapshot snapshot-collected-at.json
  "snapshot-collected-at.json:5:19: error: 'collected_at' must be an RFC 3339 timestamp")
golive_malformed_case(waivers-missing-approver waivers waivers-missing-approver.yaml
  "waivers-missing-approver.yaml:2:5: error: waiver is missing the required key 'approver'")
golive_malformed_case(waivers-bad-date waivers waivers-bad-date.yaml
  "waivers-bad-date.yaml:6:14: error: 'expires' must be a date YYYY-MM-DD")
golive_malformed_case(waivers-unknown-key waivers waivers-unknown-key.yaml
  "waivers-unknown-key.yaml:3:5: error: unknown key 'resources' in waiver \\(did you mean 'resource'\\?\\)")
golive_malformed_case(profile-bad-severity pack profile-bad-severity
  "profiles.yaml:4:26: error: unknown severity 'hihg' \\(did you mean 'high'\\?\\)")

# golive.yaml problems: exit 2 before anything is collected.
function(golive_config_case name regex)
  add_test(NAME malformed.${name}
           COMMAND ${GOLIVE_EXPECT} 2 -e "${regex}" -e "nothing was evaluated"
                   -- $<TARGET_FILE:golive> audit --config ${MALFORMED}/${name}.yaml)
endfunction()
golive_config_case(config-unknown-key
  "config-unknown-key.yaml:2:1: error: unknown key 'profil' in golive.yaml \\(did you mean 'profile'\\?\\)")
golive_config_case(config-unknown-collector
  "config-unknown-collector.yaml:3:3: error: unknown collector 'file' \\(did you mean 'files'\\?\\)")
golive_config_case(config-bad-timeout
  "config-bad-timeout.yaml:5:14: error: 'timeout' must be a positive duration")
golive_config_case(config-unset-env
  "config-unset-env.yaml:3:3: error: \\$\\{env:GOLIVE_TEST_SURELY_UNSET_VARIABLE\\} is not set")
