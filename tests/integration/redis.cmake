# The Redis collector against real redis-server processes on loopback
# (tests/integration/redis_collector_test.py; servers from scripts/localservers).
# One ctest per scenario group.
set(GOLIVE_REDIS_TESTS
    collect CollectTest
    read-only ReadOnlyTest
    faults FaultsTest
    secrets SecretsTest)
while(GOLIVE_REDIS_TESTS)
  list(POP_FRONT GOLIVE_REDIS_TESTS name class)
  add_test(NAME integration.redis.${name}
           COMMAND ${GOLIVE_PYTHON} ${PROJECT_SOURCE_DIR}/tests/integration/redis_collector_test.py
                   ${class})
  set_tests_properties(integration.redis.${name} PROPERTIES
    ENVIRONMENT "GOLIVE=$<TARGET_FILE:golive>;GOLIVE_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
    TIMEOUT 180
    LABELS "integration;redis")
endwhile()
