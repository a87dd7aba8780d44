# End-to-end decisions and exit codes through the CLI, on a small fixture pack.
set(EVALUATE $<TARGET_FILE:golive> evaluate --no-builtin --rules ${FIXTURES}/pack --now 2026-11-22T00:00:00Z)
set(GOLIVE_EVALUATE_LINE "$<TARGET_FILE:golive> evaluate --no-builtin --rules ${FIXTURES}/pack --now 2026-11-22T00:00:00Z")

add_test(NAME cli.decision.go COMMAND ${GOLIVE_EXPECT} 0 -e "^ GO +score 100/100"
         -- ${EVALUATE} --snapshot ${FIXTURES}/snapshot-go.json)
add_test(NAME cli.decision.conditional COMMAND ${GOLIVE_EXPECT} 0 -e "CONDITIONAL GO"
         -e "1\\. .* \\(fixture.owner-label\\) on odoo/y"
         -- ${EVALUATE} --snapshot ${FIXTURES}/snapshot-conditional.json)
add_test(NAME cli.decision.fail-on-high COMMAND ${GOLIVE_EXPECT} 1 -e "CONDITIONAL GO"
         -- ${EVALUATE} --snapshot ${FIXTURES}/snapshot-conditional.json --fail-on high)
add_test(NAME cli.decision.no-go COMMAND ${GOLIVE_EXPECT} 1
         -e "\"decision\": \"NO_GO\"" -e "\"inconclusive\": false"
         -- ${EVALUATE} --snapshot ${FIXTURES}/snapshot-nogo.json --format json)
add_test(NAME cli.decision.inconclusive COMMAND ${GOLIVE_EXPECT} 3
         -e "NO-GO \\(inconclusive" -e "missing facts: self.spec.replicas"
         -- ${EVALUATE} --snapshot ${FIXTURES}/snapshot-inconclusive.json)
add_test(NAME cli.decision.staging-profile COMMAND ${GOLIVE_EXPECT} 0 -e "CONDITIONAL GO"
         -- ${EVALUATE} --snapshot ${FIXTURES}/snapshot-inconclusive.json --profile staging)
add_test(NAME cli.no-color-when-piped COMMAND ${GOLIVE_EXPECT} 1 -n "\\x1b\\["
         -- ${EVALUATE} --snapshot ${FIXTURES}/snapshot-nogo.json)

# Usage errors are exit 2, not CLI11's own codes.
add_test(NAME cli.usage.unknown-flag COMMAND ${GOLIVE_EXPECT} 2 -e "frobnicate"
         -- $<TARGET_FILE:golive> evaluate --snapshot x.json --frobnicate)
add_test(NAME cli.usage.missing-snapshot COMMAND ${GOLIVE_EXPECT} 2 -e "--snapshot is required"
         -- $<TARGET_FILE:golive> evaluate)
add_test(NAME cli.usage.no-command COMMAND ${GOLIVE_EXPECT} 2 -e "subcommand"
         -- $<TARGET_FILE:golive>)
add_test(NAME cli.usage.unknown-profile COMMAND ${GOLIVE_EXPECT} 2
         -e "unknown profile 'prodution' \\(did you mean 'production'\\?\\)"
         -- ${EVALUATE} --snapshot ${FIXTURES}/snapshot-go.json --profile prodution)
add_test(NAME cli.usage.unknown-format COMMAND ${GOLIVE_EXPECT} 2
         -e "unknown report format 'jsno' \\(did you mean 'json'\\?\\)"
         -- ${EVALUATE} --snapshot ${FIXTURES}/snapshot-go.json --format jsno)
add_test(NAME cli.usage.bad-fail-on COMMAND ${GOLIVE_EXPECT} 2 -e "unknown severity 'hgh'"
         -- ${EVALUATE} --snapshot ${FIXTURES}/snapshot-go.json --fail-on hgh)
add_test(NAME cli.usage.missing-snapshot-file COMMAND ${GOLIVE_EXPECT} 2 -e "nope.json: error: cannot read"
         -- ${EVALUATE} --snapshot ${FIXTURES}/nope.json)
add_test(NAME cli.version COMMAND ${GOLIVE_EXPECT} 0 -e "^golive [0-9]+\\.[0-9]+\\.[0-9]+$"
         -- $<TARGET_FILE:golive> version)
add_test(NAME cli.version-flag COMMAND ${GOLIVE_EXPECT} 0 -e "^golive [0-9]+\\.[0-9]+\\.[0-9]+$"
         -- $<TARGET_FILE:golive> --version)

# golive rules test runs a pack's cases and fails when one is wrong.
add_test(NAME cli.rules-test.fixture-pack COMMAND ${GOLIVE_EXPECT} 0 -e "^5 passed, 0 failed$"
         -- $<TARGET_FILE:golive> rules test --no-builtin ${FIXTURES}/pack)
add_test(NAME cli.rules-test.wrong-case-fails COMMAND ${GOLIVE_EXPECT} 1
         -e "FAIL fixture.wrong-expectation :: one replica claimed to pass"
         -e "expected pass, got fail" -e "^0 passed, 1 failed$"
         -- $<TARGET_FILE:golive> rules test --no-builtin ${FIXTURES}/wrong-pack)
add_test(NAME cli.rules-test.builtin COMMAND ${GOLIVE_EXPECT} 0 -e " passed, 0 failed$"
         -- $<TARGET_FILE:golive> rules test)
add_test(NAME cli.rules-validate.builtin COMMAND ${GOLIVE_EXPECT} 0 -e "rule\\(s\\) valid"
         -- $<TARGET_FILE:golive> rules validate)
add_test(NAME cli.rules-show COMMAND ${GOLIVE_EXPECT} 0 -e "^id: +fixture.replicas" -e "Rationale"
         -- $<TARGET_FILE:golive> rules show fixture.replicas --no-builtin --rules ${FIXTURES}/pack)

# Colour only on a TTY (script(1) provides one), never with NO_COLOR.
add_test(NAME cli.color-on-tty COMMAND ${GOLIVE_EXPECT} 1 -e "\\x1b\\[1;31mNO-GO"
         -- script -qec "${GOLIVE_EVALUATE_LINE} --snapshot ${FIXTURES}/snapshot-nogo.json" /dev/null)
add_test(NAME cli.no-color-env COMMAND ${GOLIVE_EXPECT} 1 -n "\\x1b\\[" -e "NO-GO"
         -- env NO_COLOR=1 script -qec "${GOLIVE_EVALUATE_LINE} --snapshot ${FIXTURES}/snapshot-nogo.json" /dev/null)

# Facts are judged as of the snapshot's collected_at (repeatable), or --now.
add_test(NAME cli.clock.collected-at-by-default COMMAND ${GOLIVE_EXPECT} 0 -e "^ GO "
         -- $<TARGET_FILE:golive> evaluate --no-builtin --rules ${FIXTURES}/clock/drill.yaml
            --snapshot ${FIXTURES}/clock/snapshot.json)
add_test(NAME cli.clock.now-overrides COMMAND ${GOLIVE_EXPECT} 1 -e "NO-GO" -e "last drill 2026-11-01"
         -- $<TARGET_FILE:golive> evaluate --no-builtin --rules ${FIXTURES}/clock/drill.yaml
            --snapshot ${FIXTURES}/clock/snapshot.json --now 2027-01-15T00:00:00Z)

# golive diff, evaluate --baseline and report --from, end to end.
add_test(NAME cli.diff-baseline-report
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/baseline_diff.sh $<TARGET_FILE:golive> ${FIXTURES})
