# The Odoo collector against a loopback server that answers like Odoo's web
# controllers (scripts/localservers/odoo_web.py) and odoo.conf from a file
# or from a ConfigMap/Secret served by the Kubernetes replay
# (tests/integration/odoo_collector_test.py). One ctest per scenario group.
set(GOLIVE_ODOO_TESTS
    probe ProbeTest
    redirect RedirectTest
    config ConfigFileTest
    cluster ClusterTest
    secrets SecretsTest
    unreachable UnreachableTest)
while(GOLIVE_ODOO_TESTS)
  list(POP_FRONT GOLIVE_ODOO_TESTS name class)
  add_test(NAME integration.odoo.${name}
           COMMAND ${GOLIVE_PYTHON} ${PROJECT_SOURCE_DIR}/tests/integration/odoo_collector_test.py
                   ${class})
  set_tests_properties(integration.odoo.${name} PROPERTIES
    ENVIRONMENT "GOLIVE=$<TARGET_FILE:golive>;GOLIVE_SOURCE_DIR=${PROJECT_SOURCE_DIR};PYTHONDONTWRITEBYTECODE=1"
    TIMEOUT 240
    LABELS "integration;odoo")
endwhile()
