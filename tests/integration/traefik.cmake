# The Traefik collector, live, against a loopback server replaying Traefik's
# API golden responses of v2 and v3 (scripts/localservers/traefik_api.py,
# ../shared/conformance/traefik-api). One ctest per scenario group.
set(GOLIVE_TRAEFIK_TESTS
    golden GoldenTest
    fixtures FixturesTest
    exposure ExposureTest
    certificates CertificateTest
    faults FaultsTest
    secrets SecretsTest
    config ConfigTest)
while(GOLIVE_TRAEFIK_TESTS)
  list(POP_FRONT GOLIVE_TRAEFIK_TESTS name class)
  add_test(NAME integration.traefik.${name}
           COMMAND ${GOLIVE_PYTHON} ${PROJECT_SOURCE_DIR}/tests/integration/traefik_collector_test.py
                   ${class})
  set_tests_properties(integration.traefik.${name} PROPERTIES
    ENVIRONMENT "GOLIVE=$<TARGET_FILE:golive>;GOLIVE_SOURCE_DIR=${PROJECT_SOURCE_DIR};PYTHONDONTWRITEBYTECODE=1;GOLIVE_SHARED_DIR=${GOLIVE_SHARED_DIR}"
    TIMEOUT 300
    LABELS "integration;traefik")
endwhile()
