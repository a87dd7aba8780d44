# The Azure collector, live, against a loopback server playing Entra ID, the
# managed identity endpoint and Resource Manager (scripts/localservers/
# arm_api.py, replaying ../shared/conformance). One ctest per scenario group.
set(GOLIVE_AZURE_TESTS
    credentials CredentialsTest
    replay ReplayTest
    faults FaultsTest
    secrets SecretsTest)
while(GOLIVE_AZURE_TESTS)
  list(POP_FRONT GOLIVE_AZURE_TESTS name class)
  add_test(NAME integration.azure.${name}
           COMMAND ${GOLIVE_PYTHON} ${PROJECT_SOURCE_DIR}/tests/integration/azure_collector_test.py
                   ${class})
  set_tests_properties(integration.azure.${name} PROPERTIES
    ENVIRONMENT "GOLIVE=$<TARGET_FILE:golive>;GOLIVE_SOURCE_DIR=${PROJECT_SOURCE_DIR};PYTHONDONTWRITEBYTECODE=1;GOLIVE_SHARED_DIR=${GOLIVE_SHARED_DIR}"
    TIMEOUT 300
    LABELS "integration;azure")
endwhile()
