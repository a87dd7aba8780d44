# The declared-evidence collector end to end: declared.yaml is checked with
# golive.yaml (exit 2 at declared.yaml:line:column, nothing collected), and
# the built-in declared rules pass on one file and fail on another, with the
# evaluation time pinned (tests/fixtures/declared/README.md).
set(DECLARED ${FIXTURES}/declared)
set(FINDING_STATUS "/usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/cli/finding_status.py")
set(DECLARED_RULES
    resilience.declared.dr-drill-recent resilience.declared.restore-test-recent
    resilience.declared.rto-rpo operations.declared.runbooks operations.declared.oncall-owner
    devops.declared.gitops-controller devops.declared.ci-gates)

# golive audit exits 3 here (nothing but declared facts: the other blocking
# rules are unknown), so the statuses are read from the JSON result.
foreach(outcome pass fail)
  set(expectations)
  foreach(rule IN LISTS DECLARED_RULES)
    list(APPEND expectations "${rule}=${outcome}")
  endforeach()
  list(JOIN expectations " " expectations)
  add_test(NAME cli.declared.rules-${outcome}
           COMMAND sh -c "$<TARGET_FILE:golive> audit --config ${DECLARED}/golive-${outcome}.yaml \
             --now 2026-06-01T00:00:00Z --format json | ${FINDING_STATUS} ${expectations}")
endforeach()

add_test(NAME cli.declared.source-in-snapshot
         COMMAND sh -c "set -e; d=$(mktemp -d); \
           $<TARGET_FILE:golive> collect --config ${DECLARED}/golive-pass.yaml --output $d/s.json; \
           grep -q '\"source\": \"${DECLARED}/pass.yaml\"' $d/s.json; \
           grep -q '\"date\": \"2026-05-10\"' $d/s.json; rm -rf $d")

add_test(NAME cli.declared.broken-exit-2
         COMMAND ${GOLIVE_EXPECT} 2
         -e "broken.yaml:2:6: error: 'rto' must be a positive duration such as 15m, 4h or 7d"
         -e "broken.yaml:5:9: error: 'dr_drill.date' must be a calendar date YYYY-MM-DD that exists"
         -e "broken.yaml:8:9: error: 'restore_test.date' is 2999-01-01, after today"
         -e "broken.yaml:9:13: error: 'restore_test.evidence' must be an https:// link"
         -e "broken.yaml:10:1: error: unknown key 'runbook' in declared.yaml \\(did you mean 'runbooks'\\?\\)"
         -e "broken.yaml:12:32: error: unknown key 'evidance' in oncall \\(did you mean 'evidence'\\?\\)"
         -e "broken.yaml:12:9: error: oncall is missing the required key 'evidence'"
         -e "broken.yaml:13:22: error: 'gitops.controller' must be flux or argocd; got 'fluxcd' \\(did you mean 'flux'\\?\\)"
         -e "broken.yaml:14:37: error: 'ci.protected_branch' must be true or false"
         -e "9 problem\\(s\\) in the input; nothing was evaluated"
         -- $<TARGET_FILE:golive> audit --config ${DECLARED}/golive-broken.yaml)
add_test(NAME cli.declared.syntax-exit-2
         COMMAND ${GOLIVE_EXPECT} 2 -e "syntax.yaml:4:7: error: invalid YAML"
         -e "nothing was evaluated"
         -- $<TARGET_FILE:golive> collect --config ${DECLARED}/golive-syntax.yaml --output /dev/null)
add_test(NAME cli.declared.missing-file-exit-2
         COMMAND ${GOLIVE_EXPECT} 2
         -e "golive-missing.yaml:4:11: error: declared file '.*not-written-yet.yaml' not found"
         -- $<TARGET_FILE:golive> audit --config ${DECLARED}/golive-missing.yaml)
