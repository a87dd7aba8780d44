# Every built-in PostgreSQL and Redis rule, passing and failing against real
# servers configured for it (tests/integration/*_rules_test.py).
foreach(system postgres redis)
  if(NOT EXISTS ${PROJECT_SOURCE_DIR}/tests/integration/${system}_rules_test.py)
    continue()
  endif()
  add_test(NAME integration.rules.${system}
           COMMAND ${GOLIVE_PYTHON} ${PROJECT_SOURCE_DIR}/tests/integration/${system}_rules_test.py)
  set_tests_properties(integration.rules.${system} PROPERTIES
    ENVIRONMENT "GOLIVE=$<TARGET_FILE:golive>"
    TIMEOUT 400
    LABELS "integration;${system};rules")
endforeach()
