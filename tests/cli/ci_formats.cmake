# CI report formats (SARIF, JUnit, Markdown): the retail demo and a hostile
# variant of it, validated by the tools the CI systems' own formats are judged by.
set(CI_DEMO $<TARGET_FILE:golive> evaluate
    --snapshot ${PROJECT_SOURCE_DIR}/examples/retail-demo/snapshot.json
    --waivers ${PROJECT_SOURCE_DIR}/examples/retail-demo/waivers.yaml --now 2026-11-22T00:00:00Z)

# SARIF: @microsoft/sarif-multitool `validate --rule-kind Gh` (GitHub code
# scanning's rules) with zero errors and warnings, and the SARIF 2.1.0 JSON
# Schema. The tool is installed once from the npm registry into the build tree.
add_test(NAME ci.sarif.validates
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/sarif/check_demo.sh $<TARGET_FILE:golive>
                 ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/npm-cache/sarif-multitool)
set_tests_properties(ci.sarif.validates PROPERTIES TIMEOUT 600 RESOURCE_LOCK npm-sarif-multitool)
add_test(NAME ci.sarif.demo
         COMMAND ${GOLIVE_EXPECT} 1 -e "\"automationDetails\"" -e "\"id\": \"golive/retail-prod/\""
                 -e "\"primaryLocationLineHash\": \"[0-9a-f]{16}:1\""
                 -e "\"uri\": \"rules/resilience/resilience.k8s.odoo-web-min-replicas.yaml\""
                 -e "\"security-severity\": \"9.5\""
                 -n "\"status\": \"pass\"" -n "\"status\": \"waived\""
                 -- ${CI_DEMO} --format sarif)

# JUnit: xmllint against tests/junit/junit.xsd (adapted from Jenkins xUnit's).
add_test(NAME ci.junit.xsd
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/junit/check.sh $<TARGET_FILE:golive> ${PROJECT_SOURCE_DIR})
add_test(NAME ci.junit.xsd-rejects-invalid
         COMMAND ${GOLIVE_EXPECT} 3 -e "fails to validate"
                 -- xmllint --noout --schema ${CMAKE_CURRENT_SOURCE_DIR}/junit/junit.xsd
                    ${CMAKE_CURRENT_SOURCE_DIR}/junit/not-junit.xml)

# Markdown: the demo renders; hostile strings from a result stay inert.
add_test(NAME ci.markdown.demo
         COMMAND ${GOLIVE_EXPECT} 1 -e "^## golive: ❌ NO-GO — retail-prod \\(production\\)$"
                 -e "^\\| resilience \\| [0-9]+ \\| [0-9]+ \\| [0-9]+ \\| [0-9]+ \\| 0 \\| [0-9]+ \\|$"
                 -e "^### Blockers \\(2\\)$" -e "^### Conditions for go-live \\([0-9]+\\)$"
                 -n "^### Could not be verified" -e "^### Waivers \\(2\\)$"
                 -e "\\| blocking \\| `resilience.k8s.odoo-web-min-replicas` \\| Deployment odoo/odoo-web \\| fail \\|"
                 -- ${CI_DEMO} --format markdown)
add_test(NAME ci.markdown.hostile
         COMMAND ${GOLIVE_EXPECT} 0 -e "^## golive: ❌ NO-GO — retail-prod &lt;script&gt;alert"
                 -e "\\\\\\[x\\\\\\]\\(javascript:alert\\(3\\)\\) @\\x{200b}octo-org"
                 -e "&gt;\\\\\\]\\\\\\]&gt;\\\\x1b\\\\\\[31m\\\\x01\\\\\\|\\\\`x\\\\`"
                 -n "<script" -n "<img" -n "\\[x\\]\\(javascript" -n "\\x1b" -n "\\x01" -n "@octo"
                 -- ${CMAKE_CURRENT_SOURCE_DIR}/sarif/render_hostile.sh $<TARGET_FILE:golive>
                    ${PROJECT_SOURCE_DIR} markdown)
