# The postgres collector against real PostgreSQL servers (Debian's
# postgresql package) started on loopback by the tests themselves
# (scripts/localservers/postgres.py). One ctest test per scenario class.
set(GOLIVE_POSTGRES_TEST ${CMAKE_CURRENT_SOURCE_DIR}/integration/postgres_collector_test.py)
foreach(scenario IN ITEMS Facts ReadOnly Faults Secrets)
  string(TOLOWER ${scenario} name)
  add_test(NAME integration.postgres.${name}
           COMMAND ${GOLIVE_PYTHON} ${GOLIVE_POSTGRES_TEST} ${scenario}Test)
  set_tests_properties(integration.postgres.${name} PROPERTIES
    LABELS "integration;postgres"
    TIMEOUT 240
    ENVIRONMENT "GOLIVE_BINARY=$<TARGET_FILE:golive>;GOLIVE_SOURCE_DIR=${PROJECT_SOURCE_DIR};PYTHONDONTWRITEBYTECODE=1")
endforeach()
