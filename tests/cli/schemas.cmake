# The published JSON Schemas describe what golive reads and writes.
set(SCHEMA_DIR ${PROJECT_SOURCE_DIR}/schemas)
set(VALIDATE /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/schema/validate.py)

add_test(NAME schema.rules.builtin-catalogue
         COMMAND ${VALIDATE} rules ${SCHEMA_DIR}/rule.schema.json ${PROJECT_SOURCE_DIR}/rules
                 ${CMAKE_CURRENT_SOURCE_DIR}/fixtures/pack)
# The schema rejects what the loader rejects (so the check above can fail).
add_test(NAME schema.rules.rejects-unknown-key
         COMMAND ${GOLIVE_EXPECT} 1 -e "Additional properties are not allowed \\('severty'"
                 -- ${VALIDATE} rules ${SCHEMA_DIR}/rule.schema.json
                    ${CMAKE_CURRENT_SOURCE_DIR}/malformed/rule-unknown-key.yaml)
add_test(NAME schema.rules.rejects-bad-expect
         COMMAND ${GOLIVE_EXPECT} 1 -e "'passed' is not one of"
                 -- ${VALIDATE} rules ${SCHEMA_DIR}/rule.schema.json
                    ${CMAKE_CURRENT_SOURCE_DIR}/malformed/rule-bad-expect.yaml)
foreach(fixture nogo conditional inconclusive)
  add_test(NAME schema.result.${fixture}
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/schema/check_result.sh $<TARGET_FILE:golive>
                   ${SCHEMA_DIR}/result.schema.json
                   ${CMAKE_CURRENT_SOURCE_DIR}/fixtures/snapshot-${fixture}.json
                   --no-builtin --rules ${CMAKE_CURRENT_SOURCE_DIR}/fixtures/pack)
endforeach()
add_test(NAME schema.result.with-baseline
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/schema/check_result.sh $<TARGET_FILE:golive>
                 ${SCHEMA_DIR}/result.schema.json
                 ${CMAKE_CURRENT_SOURCE_DIR}/fixtures/snapshot-nogo-worse.json
                 --no-builtin --rules ${CMAKE_CURRENT_SOURCE_DIR}/fixtures/pack
                 --baseline ${CMAKE_CURRENT_SOURCE_DIR}/fixtures/result-nogo.json)
