# golive audit / collect / init end to end (with the files collector).
set(DEMO ${PROJECT_SOURCE_DIR}/examples/retail-demo)

add_test(NAME cli.audit.demo COMMAND ${GOLIVE_EXPECT} 1 -e "^ NO-GO +score"
         -e "blocking: resilience.k8s.odoo-web-min-replicas" -e "postgres +partial"
         -- $<TARGET_FILE:golive> audit --config ${DEMO}/golive.yaml --now 2026-11-22T00:00:00Z)
add_test(NAME cli.audit.flags-of-evaluate COMMAND ${GOLIVE_EXPECT} 0 -e "\"decision\": \"GO\""
         -- $<TARGET_FILE:golive> audit --config ${FIXTURES}/audit/secret-path.yaml
            --no-builtin --rules ${FIXTURES}/pack --format json --profile staging)
set_tests_properties(cli.audit.flags-of-evaluate PROPERTIES ENVIRONMENT "GOLIVE_TEST_SECRET=/tmp/s3cr3t-Pa55word")
add_test(NAME cli.audit.secret-never-printed COMMAND ${GOLIVE_EXPECT} 0 -e "files +partial +\\*\\*\\*"
         -n "s3cr3t-Pa55word"
         -- $<TARGET_FILE:golive> audit --config ${FIXTURES}/audit/secret-path.yaml
            --no-builtin --rules ${FIXTURES}/pack --report json=/dev/stdout)
set_tests_properties(cli.audit.secret-never-printed PROPERTIES ENVIRONMENT "GOLIVE_TEST_SECRET=/tmp/s3cr3t-Pa55word")
add_test(NAME cli.collect.snapshot-and-sha256
         COMMAND sh -c "set -e; d=$(mktemp -d); \
           $<TARGET_FILE:golive> collect --config ${DEMO}/golive.yaml --output $d/s.json; \
           cd $d && sha256sum -c s.json.sha256 && \
           $<TARGET_FILE:golive> evaluate --snapshot s.json --now 2026-11-22T00:00:00Z --format json \
             | grep -q '\"decision\": \"NO_GO\"'; rm -rf $d")
add_test(NAME cli.init.starter-loads
         COMMAND sh -c "set -e; d=$(mktemp -d); cd $d; $<TARGET_FILE:golive> init; \
           test -s golive.yaml; grep -q 'files:' golive.yaml; \
           ! $<TARGET_FILE:golive> init 2>/dev/null; \
           $<TARGET_FILE:golive> collect --config golive.yaml --output s.json; \
           grep -q '\"status\": \"unreachable\"' s.json; rm -rf $d")

# Organisation-specific settings: golive init writes them, golive.yaml's
# `settings:` applies them over the profile's, and a misspelt one is an input
# error (the built-in profiles require no tag names).
add_test(NAME cli.init.conventions
         COMMAND sh -c "set -e; d=$(mktemp -d); cd $d; \
           $<TARGET_FILE:golive> init --no-input --required-tags 'owner, costCenter' \
             --allowed-registries myacr.azurecr.io/; \
           grep -q '^settings:$' golive.yaml; \
           grep -q '^  required_tags: \\[\"owner\", \"costCenter\"\\]' golive.yaml; \
           grep -q '^  allowed_registries: \\[\"myacr.azurecr.io/\"\\]' golive.yaml; \
           $<TARGET_FILE:golive> collect --config golive.yaml --output s.json; rm -rf $d")
set(RULE_STATUSES "python3 -c \"import json,sys; print(sorted({f['status'] for f in json.load(sys.stdin)['findings'] if f['rule_id'] == 'operations.azure.required-tags'}))\"")
add_test(NAME cli.audit.settings-apply
         COMMAND ${GOLIVE_EXPECT} 0 -e "^\\['fail'\\]$"
                 -- sh -c "d=$(mktemp -d); printf 'environment: t\nsettings:\n  required_tags: [owner, costCenter]\ncollectors:\n  azure: {exports: [${DEMO}/azure-export.json]}\n' > $d/golive.yaml; \
                    $<TARGET_FILE:golive> audit --config $d/golive.yaml --profile staging --format json | ${RULE_STATUSES}; code=$?; rm -rf $d; exit $code")
add_test(NAME cli.audit.settings-default-skips-tags
         COMMAND ${GOLIVE_EXPECT} 0 -e "^\\['skipped'\\]$"
                 -- sh -c "d=$(mktemp -d); printf 'environment: t\ncollectors:\n  azure: {exports: [${DEMO}/azure-export.json]}\n' > $d/golive.yaml; \
                    $<TARGET_FILE:golive> audit --config $d/golive.yaml --profile staging --format json | ${RULE_STATUSES}; code=$?; rm -rf $d; exit $code")
add_test(NAME cli.audit.settings-typo-exit-2
         COMMAND ${GOLIVE_EXPECT} 2
                 -e "golive.yaml:3:3: error: unknown setting 'required_tag' \\(did you mean 'required_tags'\\?\\)"
                 -- sh -c "d=$(mktemp -d); printf 'environment: t\nsettings:\n  required_tag: [owner]\ncollectors:\n  azure: {exports: [${DEMO}/azure-export.json]}\n' > $d/golive.yaml; \
                    $<TARGET_FILE:golive> audit --config $d/golive.yaml; code=$?; rm -rf $d; exit $code")

add_test(NAME cli.audit.settings-wrong-kind-exit-2
         COMMAND ${GOLIVE_EXPECT} 2
                 -e "golive.yaml:3:3: error: setting 'required_tags' must be a list, as in the profiles \\(found a text\\)"
                 -e "golive.yaml:4:3: error: setting 'allowed_registries' is empty"
                 -- sh -c "d=$(mktemp -d); printf 'environment: t\nsettings:\n  required_tags: owner\n  allowed_registries:\ncollectors:\n  azure: {exports: [${DEMO}/azure-export.json]}\n' > $d/golive.yaml; \
                    $<TARGET_FILE:golive> audit --config $d/golive.yaml; code=$?; rm -rf $d; exit $code")
# A snapshot keeps the settings it was collected with: evaluating it later
# judges the same way as the audit did.
add_test(NAME cli.collect.settings-travel-with-the-snapshot
         COMMAND ${GOLIVE_EXPECT} 0 -e "^\\['fail'\\]$"
                 -- sh -c "d=$(mktemp -d); printf 'environment: t\nsettings:\n  required_tags: [owner, costCenter]\ncollectors:\n  azure: {exports: [${DEMO}/azure-export.json]}\n' > $d/golive.yaml; \
                    $<TARGET_FILE:golive> collect --config $d/golive.yaml --output $d/s.json && \
                    $<TARGET_FILE:golive> evaluate --snapshot $d/s.json --profile staging --format json | ${RULE_STATUSES}; code=$?; rm -rf $d; exit $code")
# A setting no profile defines but a rule reads (env.settings.<name>) is known.
add_test(NAME cli.audit.settings-read-by-a-rule
         COMMAND ${GOLIVE_EXPECT} 1 -n "unknown setting"
                 -- sh -c "d=$(mktemp -d); printf 'environment: t\nsettings:\n  postgres_admin_roles: [dba]\ncollectors:\n  azure: {exports: [${DEMO}/azure-export.json]}\n' > $d/golive.yaml; \
                    $<TARGET_FILE:golive> audit --config $d/golive.yaml --profile staging; code=$?; rm -rf $d; exit $code")
add_test(NAME cli.init.answers-not-utf8
         COMMAND sh -c "set -e; d=$(mktemp -d); cd $d; \
           $<TARGET_FILE:golive> init --no-input --required-tags \"$(printf 'co\\373t')\"; \
           grep -q '^  required_tags: ' golive.yaml; rm -rf $d")

# A collector that never answers (a FIFO nobody writes blocks its open())
# is cut off at its timeout: the collection finishes, the others still count.
add_test(NAME cli.collect.timeout-is-unreachable
         COMMAND sh -c "set -e; d=$(mktemp -d); mkfifo $d/hang.json; \
           printf 'environment: t\\ncollectors:\\n  files:\\n    paths: [hang.json]\\n    timeout: 700ms\\n' > $d/golive.yaml; \
           start=$(date +%s%N); \
           $<TARGET_FILE:golive> collect --config $d/golive.yaml --output $d/s.json; \
           elapsed=$(( ($(date +%s%N) - start) / 1000000 )); echo \"took $elapsed ms\"; \
           test $elapsed -lt 5000; \
           grep -q '\"status\": \"unreachable\"' $d/s.json; \
           grep -q 'no result within 0.7s (timeout)' $d/s.json; rm -rf $d")
# Progress in CI logs (stderr is not a terminal): a line when each collector
# starts and ends, with its status and time, and a total.
add_test(NAME cli.collect.progress-lines
         COMMAND sh -c "d=$(mktemp -d); mkfifo $d/hang.json; \
           printf 'environment: t\\ncollectors:\\n  files:\\n    paths: [hang.json]\\n    timeout: 700ms\\n' > $d/golive.yaml; \
           ${GOLIVE_EXPECT} 0 -e '^golive: files started \\(timeout 0.7s\\)$' \
             -e '^golive: files unreachable in 0\\.[0-9]+s: no result within 0.7s \\(timeout\\)$' \
             -e '^golive: collected 1 collector\\(s\\) in [0-9.]+s: 1 unreachable$' \
             -- $<TARGET_FILE:golive> collect --config $d/golive.yaml --output $d/s.json; \
           r=$?; rm -rf $d; exit $r")
# On a terminal (script(1) gives it one): a live line of what is still
# running, redrawn in place, instead of the start lines.
add_test(NAME cli.collect.progress-live-line
         COMMAND sh -c "d=$(mktemp -d); mkfifo $d/hang.json; \
           printf 'environment: t\\ncollectors:\\n  files:\\n    paths: [hang.json]\\n    timeout: 700ms\\n' > $d/golive.yaml; \
           script -qec \"$<TARGET_FILE:golive> collect --config $d/golive.yaml --output $d/s.json\" /dev/null > $d/out.txt; \
           grep -q 'golive: collecting: files 0[.][0-9]*s' $d/out.txt && ! grep -q 'files started' $d/out.txt \
             && grep -q 'golive: files unreachable in' $d/out.txt; \
           r=$?; [ $r = 0 ] || cat -v $d/out.txt; rm -rf $d; exit $r")
# Findings point at the collector that produced their facts: azure (line 11),
# files (14), declared (18) in the demo's golive.yaml.
add_test(NAME cli.audit.sarif-points-at-golive-yaml
         COMMAND ${GOLIVE_EXPECT} 1 -e "\"uri\": \"[^\"]*golive.yaml\"" -e "\"startLine\": 14"
                 -e "\"startLine\": 17" -e "\"startLine\": 21"
         -- $<TARGET_FILE:golive> audit --config ${DEMO}/golive.yaml --now 2026-11-22T00:00:00Z
            --format sarif)
