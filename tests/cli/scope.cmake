# An audit's scope (docs/scoring.md, Scope): what golive was pointed at decides
# which rules run; out-of-scope rules are listed as not audited, never unknown.
# Findings sit at their manifest line in every format; --only/--skip select;
# an audit that checked nothing exits 2.
set(SCOPE_K8S ${FIXTURES}/k8s)
set(GOLIVE_AT_ROOT ${CMAKE_COMMAND} -E chdir ${PROJECT_SOURCE_DIR} $<TARGET_FILE:golive>)
set(HARDENED tests/fixtures/k8s/hardened)
set(ONE_DEFECT tests/fixtures/k8s/one-defect)
set(DEFECT_LINE "tests/fixtures/k8s/one-defect/app.yaml:12")

# A hardened manifest is GO, with what was not audited listed, not unknown.
add_test(NAME cli.scope.hardened-go
         COMMAND ${GOLIVE_EXPECT} 0 -e "^ GO " -e "^ audited: k8s$"
                 -e "^ not audited: [0-9]+ rules: azure \\([0-9]+ rules\\), declared \\([0-9]+ rules\\), odoo"
                 -n "^Could not be verified" -n "^Failures"
                 -- ${GOLIVE_AT_ROOT} audit --manifests ${HARDENED} --kubernetes-version 1.34.2)
# Without the cluster version, that one check is unverified, and says how to give it.
add_test(NAME cli.scope.version-unknown-says-how
         COMMAND ${GOLIVE_EXPECT} 0 -e "^ CONDITIONAL GO "
                 -e "operations.k8s.supported-version$" -e "give --kubernetes-version"
                 -e "^    - k8s.version tests/fixtures/k8s/hardened/app.yaml:1$"
                 -- ${GOLIVE_AT_ROOT} audit --manifests ${HARDENED})
add_test(NAME cli.scope.version-from-nodes
         COMMAND ${GOLIVE_EXPECT} 0 -e "^ GO "
                 -- ${GOLIVE_AT_ROOT} audit --manifests ${HARDENED}
                    --manifests tests/fixtures/k8s/nodes.json)

# One defect: the finding at its file:line in terminal, JSON, JUnit, Markdown.
add_test(NAME cli.scope.defect-terminal
         COMMAND ${GOLIVE_EXPECT} 1 -e "^ NO-GO   score [0-9]+/100   1 blocking failure$"
                 -e "^  HIGH     No secrets as literal environment variables  security.k8s.no-secret-literals-in-env$"
                 -e "^    fix: Move the value to a Secret"
                 -e "^    - Deployment shop/web ${DEFECT_LINE}$" -n "not-a-real-password"
                 -- ${GOLIVE_AT_ROOT} audit --manifests ${ONE_DEFECT} --kubernetes-version 1.34.2)
add_test(NAME cli.scope.defect-json
         COMMAND ${GOLIVE_EXPECT} 1
                 -e "\"location\":\\{\"file\":\"tests/fixtures/k8s/one-defect/app.yaml\",\"line\":12\\},\"message\":\"shop/web: secret-looking"
                 -e "\"headline\":\"1 blocking failure\""
                 -e "\"not_audited\":\\[\\{\"rule_ids\":\\[[^]]*\\],\"rules\":[0-9]+,\"system\":\"azure\"\\}"
                 -- bash -c "set -o pipefail; cd ${PROJECT_SOURCE_DIR} && $<TARGET_FILE:golive> audit --manifests ${ONE_DEFECT} --kubernetes-version 1.34.2 --format json | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), separators=(\",\", \":\")))'")
add_test(NAME cli.scope.defect-junit
         COMMAND ${GOLIVE_EXPECT} 1
                 -e "<testcase classname=\"security.k8s.no-secret-literals-in-env\" name=\"shop/web\" time=\"0\" file=\"tests/fixtures/k8s/one-defect/app.yaml\" line=\"12\">"
                 -- ${GOLIVE_AT_ROOT} audit --manifests ${ONE_DEFECT} --kubernetes-version 1.34.2 --format junit)
add_test(NAME cli.scope.defect-markdown
         COMMAND ${GOLIVE_EXPECT} 1 -e "Deployment shop/web \\(${DEFECT_LINE}\\)"
                 -e "^Audited: k8s · not audited: [0-9]+ rules: azure"
                 -- ${GOLIVE_AT_ROOT} audit --manifests ${ONE_DEFECT} --kubernetes-version 1.34.2 --format markdown)
# SARIF: GitHub's rules, and every result at a manifest line of the repository.
add_test(NAME ci.sarif.manifests-locations
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/sarif/check_manifests.sh $<TARGET_FILE:golive>
                 ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/npm-cache/sarif-multitool)
set_tests_properties(ci.sarif.manifests-locations PROPERTIES TIMEOUT 600 RESOURCE_LOCK npm-sarif-multitool)

# The full go-live gate requires systems manifests cannot show.
add_test(NAME cli.scope.production-requires-systems
         COMMAND ${GOLIVE_EXPECT} 1 -e "^ NO-GO   score 100/100   required systems not audited: azure, postgres$"
                 -e "profile 'production' requires azure, k8s, postgres"
                 -- ${GOLIVE_AT_ROOT} audit --manifests ${HARDENED} --kubernetes-version 1.34.2 --profile production)

# Files that are not manifests beside manifests: audited, with notes.
add_test(NAME cli.scope.folder-notes
         COMMAND ${GOLIVE_EXPECT} 0 -e "^ GO "
                 -e "note: tests/fixtures/k8s/mixed/empty.json: empty, skipped"
                 -e "note: tests/fixtures/k8s/mixed/values.yaml: no Kubernetes object"
                 -e "note: tests/fixtures/k8s/mixed: 1 file not YAML or JSON left out \\(README.md\\)"
                 -e "note: tests/fixtures/k8s/mixed/charts/web is a Helm chart .*helm template"
                 -e "note: tests/fixtures/k8s/mixed/overlays/prod is a kustomize folder .*kubectl kustomize"
                 -- ${GOLIVE_AT_ROOT} audit --manifests ${HARDENED} --manifests tests/fixtures/k8s/mixed
                    --kubernetes-version 1.34.2)
add_test(NAME cli.scope.ignore-path
         COMMAND ${GOLIVE_EXPECT} 0 -e "^ GO " -n "note:"
                 -- ${GOLIVE_AT_ROOT} audit --manifests ${HARDENED} --manifests tests/fixtures/k8s/mixed
                    --ignore-path mixed --kubernetes-version 1.34.2)

# Standard input, as `helm template ... | golive audit --manifests -`.
add_test(NAME cli.scope.stdin
         COMMAND ${GOLIVE_EXPECT} 1 -e "^    - Deployment shop/web <stdin>:12$"
                 -- sh -c "$<TARGET_FILE:golive> audit --manifests - --kubernetes-version 1.34.2 < ${PROJECT_SOURCE_DIR}/${ONE_DEFECT}/app.yaml")

# Selecting checks.
add_test(NAME cli.scope.skip
         COMMAND ${GOLIVE_EXPECT} 0 -e "^ GO " -e "^ not selected: 1 rule"
                 -- ${GOLIVE_AT_ROOT} audit --manifests ${ONE_DEFECT} --kubernetes-version 1.34.2
                    --skip security.k8s.no-secret-literals-in-env)
add_test(NAME cli.scope.only
         COMMAND ${GOLIVE_EXPECT} 1 -e "security.k8s.no-secret-literals-in-env$"
                 -e "^  security +[0-9]+ " -e "^  devops +n/a "
                 -- ${GOLIVE_AT_ROOT} audit --manifests ${ONE_DEFECT} --kubernetes-version 1.34.2
                    --only "security.k8s.*")
add_test(NAME cli.scope.only-typo-exit-2
         COMMAND ${GOLIVE_EXPECT} 2 -e "'kubernetis' \\(only\\) matches no rule \\(did you mean 'kubernetes'\\?\\)"
                 -- ${GOLIVE_AT_ROOT} audit --manifests ${ONE_DEFECT} --only kubernetis)
add_test(NAME cli.scope.config-selection
         COMMAND ${GOLIVE_EXPECT} 0 -e "^ GO " -e "^ not selected: 1 rule" -n "note:"
                 -- $<TARGET_FILE:golive> audit --config ${SCOPE_K8S}/scope-config.yaml)
add_test(NAME cli.scope.scope-option
         COMMAND ${GOLIVE_EXPECT} 2 -e "nothing to audit: --scope leaves out every system collected \\(k8s\\)"
                 -- ${GOLIVE_AT_ROOT} audit --manifests ${HARDENED} --scope azure)
add_test(NAME cli.scope.scope-unknown-system
         COMMAND ${GOLIVE_EXPECT} 2 -e "unknown system 'postgress' \\(did you mean 'postgres'\\?\\)"
                 -- ${GOLIVE_AT_ROOT} audit --manifests ${HARDENED} --scope k8s,postgress)

# Nothing to audit is a usage error, never GO.
add_test(NAME cli.scope.nothing-to-audit
         COMMAND ${GOLIVE_EXPECT} 2 -e "nothing to audit: no system was collected"
                 -e "k8s: no Kubernetes object in tests/fixtures/k8s/mixed"
                 -e "k8s note: tests/fixtures/k8s/mixed/values.yaml" -n "^ GO"
                 -- ${GOLIVE_AT_ROOT} audit --manifests tests/fixtures/k8s/mixed)

# How much the terminal says.
add_test(NAME cli.scope.quiet
         COMMAND ${GOLIVE_EXPECT} 1 -e "^ NO-GO " -e "finding\\(s\\): 1 fail, [0-9]+ pass"
                 -n "^Failures" -n "^Domain scores" -n "^Collectors"
                 -- ${GOLIVE_AT_ROOT} audit --manifests ${ONE_DEFECT} --kubernetes-version 1.34.2 --quiet)
add_test(NAME cli.scope.verbose
         COMMAND ${GOLIVE_EXPECT} 1 -e "^Passed \\([0-9]+ rules, [0-9]+ findings\\)"
                 -e "self.podTemplate.spec.containers" -n "passes not listed"
                 -- ${GOLIVE_AT_ROOT} audit --manifests ${ONE_DEFECT} --kubernetes-version 1.34.2 --verbose)

# Each rule's systems, derived from its expressions, in the catalogue listing.
add_test(NAME cli.rules.list-systems
         COMMAND ${GOLIVE_EXPECT} 0
                 -e "^operations.k8s.supported-version +high +operations +k8s +The cluster"
                 -e "^scalability.odoo.connection-budget +[a-z]+ +scalability +k8s,odoo,postgres "
                 -- $<TARGET_FILE:golive> rules list)

# A key asked for by name stays in scope when the files lack it: its rules
# are unknown (the files did not have it), not "not audited".
add_test(NAME cli.scope.files-key-missing-is-unknown
         COMMAND sh -c "d=$(mktemp -d); \
           printf '{\"k8s\": {\"version\": {\"gitVersion\": \"v1.34.2\"}}}' > $d/facts.json; \
           printf 'environment: t\\nprofile: staging\\ncollectors:\\n  files:\\n    paths: [facts.json]\\n    keys: [k8s, redis]\\n' > $d/golive.yaml; \
           ${GOLIVE_EXPECT} 0 -e \"^ audited: files, k8s, redis$\" \
             -e \"facts at 'redis[.][*]' were not collected: collector 'redis' is unreachable \\\\(no 'redis' facts in the files given\\\\)\" \
             -- $<TARGET_FILE:golive> audit --config $d/golive.yaml; r=$?; rm -rf $d; exit $r")

# A saved result of odd shapes (locations, scope, notes and headline of the
# wrong types) renders in every format: reports never crash on their input.
foreach(format terminal json sarif junit markdown html)
  add_test(NAME cli.report.odd-shapes.${format}
           COMMAND ${GOLIVE_EXPECT} 0 -n "internal error"
                   -- $<TARGET_FILE:golive> report --from ${FIXTURES}/results/odd-shapes.json
                      --format ${format})
endforeach()

# Versions: YAML reads an unquoted 1.30 as the number 1.3, so it is refused;
# a version that is not one is an input error, not a rule error later.
add_test(NAME cli.scope.kubernetes-version-number
         COMMAND sh -c "d=$(mktemp -d); \
           printf 'environment: t\\ncollectors:\\n  k8s:\\n    manifests: [${PROJECT_SOURCE_DIR}/${HARDENED}]\\n    kubernetes_version: 1.30\\n' > $d/golive.yaml; \
           ${GOLIVE_EXPECT} 2 -e \"golive.yaml:5:25: error: 'kubernetes_version' must be a Kubernetes version such as .1.34.2. \\\\(quote it\" \
             -- $<TARGET_FILE:golive> audit --config $d/golive.yaml; r=$?; rm -rf $d; exit $r")
add_test(NAME cli.scope.kubernetes-version-option
         COMMAND ${GOLIVE_EXPECT} 2 -e "'banana' is not a Kubernetes version"
                 -- ${GOLIVE_AT_ROOT} audit --manifests ${HARDENED} --kubernetes-version banana)
# golive.yaml's ignore_paths hold for --manifests too, from the first read.
add_test(NAME cli.scope.config-ignore-with-manifests
         COMMAND sh -c "d=$(mktemp -d); mkdir $d/m; cp ${PROJECT_SOURCE_DIR}/${HARDENED}/app.yaml $d/m/; \
           printf 'kind: [broken\\n' > $d/m/broken.yaml; \
           printf 'environment: t\\nprofile: ci\\ncollectors:\\n  k8s:\\n    manifests: [m]\\n    ignore_paths: [broken.yaml]\\n    kubernetes_version: \"1.34.2\"\\n' > $d/golive.yaml; \
           ${GOLIVE_EXPECT} 0 -e \"^ GO \" -- $<TARGET_FILE:golive> audit --config $d/golive.yaml --manifests $d/m; \
           r=$?; rm -rf $d; exit $r")
# Names from the input never reach the terminal as control sequences.
add_test(NAME cli.scope.stderr-escaped
         COMMAND sh -c "d=$(mktemp -d); mkdir $d/m; printf 'a: 1\\n' > \"$d/m/$(printf 'x\\033]0;PWNED\\007.yaml')\"; \
           ${GOLIVE_EXPECT} 2 -e 'nothing to audit' -e 'x\\\\x1b' -n '\\x1b' -n '\\x07' \
             -- $<TARGET_FILE:golive> audit --manifests $d/m; r=$?; rm -rf $d; exit $r")
# A profile requiring a system golive does not know is an input error.
add_test(NAME cli.scope.requires-typo
         COMMAND sh -c "d=$(mktemp -d); \
           printf 'profiles:\\n  gate:\\n    min_score: 50\\n    requires: [k8s, postgress]\\n' > $d/profiles.yaml; \
           ${GOLIVE_EXPECT} 2 -e \"profile 'gate' requires unknown system 'postgress' \\\\(did you mean 'postgres'\\\\?\\\\)\" \
             -- $<TARGET_FILE:golive> audit --manifests ${PROJECT_SOURCE_DIR}/${HARDENED} --rules $d/profiles.yaml --profile gate; \
           r=$?; rm -rf $d; exit $r")

# A live k8s section's settings carried over to --manifests are checked too.
add_test(NAME cli.scope.live-section-version-checked
         COMMAND sh -c "d=$(mktemp -d); \
           printf 'apiVersion: v1\\nkind: Config\\nclusters: [{name: c, cluster: {server: \"https://127.0.0.1:9\"}}]\\nusers: [{name: u, user: {}}]\\ncontexts: [{name: live, context: {cluster: c, user: u}}]\\ncurrent-context: live\\n' > $d/kc.yaml; \
           printf 'environment: t\\nprofile: ci\\ncollectors:\\n  k8s:\\n    kubeconfig: kc.yaml\\n    kubernetes_version: 1.30\\n' > $d/golive.yaml; \
           ${GOLIVE_EXPECT} 2 -e \"golive.yaml:4:3: error: '1.3' is not a Kubernetes version\" \
             -- $<TARGET_FILE:golive> audit --config $d/golive.yaml --manifests ${PROJECT_SOURCE_DIR}/${HARDENED}; \
           r=$?; rm -rf $d; exit $r")
