# The Kubernetes collector, live, against a replayed API server on loopback
# (scripts/localservers/kube_api.py: retail.yaml plus Polaris's fixtures from
# ../shared), and the replay itself checked with kubectl
# (tests/integration/k8s_collector_test.py). One ctest per scenario group.
set(GOLIVE_K8S_TESTS
    replay ReplayTest
    collect CollectTest
    exec ExecTest
    faults FaultsTest
    secrets SecretsTest)
while(GOLIVE_K8S_TESTS)
  list(POP_FRONT GOLIVE_K8S_TESTS name class)
  add_test(NAME integration.k8s.${name}
           COMMAND ${GOLIVE_PYTHON} ${PROJECT_SOURCE_DIR}/tests/integration/k8s_collector_test.py
                   ${class})
  set_tests_properties(integration.k8s.${name} PROPERTIES
    ENVIRONMENT "GOLIVE=$<TARGET_FILE:golive>;GOLIVE_SOURCE_DIR=${PROJECT_SOURCE_DIR};PYTHONDONTWRITEBYTECODE=1;GOLIVE_POLARIS_CHECKS=${GOLIVE_SHARED_DIR}/conformance/polaris/test/checks"
    TIMEOUT 240
    LABELS "integration;k8s")
endwhile()
