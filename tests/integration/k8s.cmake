# The Kubernetes collector, live, against a replayed API server on loopback
# (scripts/localservers/kube_api.py: retail.yaml plus Polaris's fixtures from
# ../shared), and the replay itself checked with kubectl
# (tests/integration/k8s_collector_test.py). One ctest per scenario group.
golive_python_tests(k8s k8s_collector_test.py TIMEOUT 240
  ENVIRONMENT GOLIVE_POLARIS_CHECKS=${GOLIVE_SHARED_DIR}/conformance/polaris/test/checks
  CLASSES
    replay ReplayTest
    collect CollectTest
    exec ExecTest
    faults FaultsTest
    secrets SecretsTest)
