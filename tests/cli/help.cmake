# Each command's --help ends with the exit codes that command can return, and
# only those; `golive version` names the version, commit, build date and the
# built-in catalogue's hash.
set(GOLIVE_NOT_TOP_FOOTER "Exit codes of audit and evaluate")
# golive_help_footer(NAME "FOOTER REGEX" WORDS...): `golive WORDS --help`
# shows exactly that footer and not the top-level one.
function(golive_help_footer name footer)
  add_test(NAME cli.help.exit-codes.${name}
           COMMAND ${GOLIVE_EXPECT} 0 -e "${footer}" -n ${GOLIVE_NOT_TOP_FOOTER}
                   -- $<TARGET_FILE:golive> ${ARGN} --help)
endfunction()
foreach(command audit evaluate)
  golive_help_footer(${command}
    "^Exit codes: 0 GO, or CONDITIONAL GO without --fail-on; 1 NO-GO.*; 2 invalid usage.*; 3 NO-GO only because blocking checks could not be verified"
    ${command})
endforeach()
golive_help_footer(collect
  "^Exit codes: 0 snapshot written \\(a collector that could not read its system is recorded in the snapshot with its status, not in the exit code\\); 2 invalid usage or configuration, or the snapshot could not be written\\.$"
  collect)
golive_help_footer(report
  "^Exit codes: 0 rendered; 2 invalid usage or result file\\.$"
  report)
golive_help_footer(diff
  "^Exit codes: 0 no new blocking failure; 1 NEW has a blocking failure that OLD did not have; 2 invalid usage or result file\\.$"
  diff)
golive_help_footer(init
  "^Exit codes: 0 written; 2 the file exists \\(without --force\\) or cannot be written\\.$"
  init)
golive_help_footer(rules
  "^Exit codes: 0 done; 2 invalid usage or rule files\\.$"
  rules)
golive_help_footer(rules-list
  "^Exit codes: 0 done; 2 invalid usage or rule files\\.$"
  rules list)
golive_help_footer(rules-show
  "^Exit codes: 0 done; 2 invalid usage or rule files, or no rule with that id\\.$"
  rules show)
golive_help_footer(rules-validate
  "^Exit codes: 0 every rule is valid; 2 invalid usage or a problem in a rule file\\.$"
  rules validate)
golive_help_footer(rules-test
  "^Exit codes: 0 every test case passed; 1 a test case failed; 2 invalid usage or a problem in a rule file\\.$"
  rules test)
golive_help_footer(version
  "^Exit codes: 0 printed\\.$"
  version)
add_test(NAME cli.help.exit-codes.top
         COMMAND ${GOLIVE_EXPECT} 0 -e "^Exit codes of audit and evaluate: 0 GO or CONDITIONAL GO, 1 NO-GO, 2 invalid usage or input, 3 NO-GO only"
                 -- $<TARGET_FILE:golive> --help)
foreach(form version --version)
  add_test(NAME cli.version.${form}
           COMMAND ${GOLIVE_EXPECT} 0 -e "^golive \\d+\\.\\d+\\.\\d+$" -e "^commit: ([0-9a-f]{40}(-dirty)?|unknown)$"
                   -e "^built: \\d{4}-\\d{2}-\\d{2}$"
                   -e "^rule catalogue: \\d+ built-in rules, sha256 [0-9a-f]{64}$"
                   -- $<TARGET_FILE:golive> ${form})
endforeach()
