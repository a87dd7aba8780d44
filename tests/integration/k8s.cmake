# The Kubernetes collector, live, against a replayed API server on loopback
# (scripts/localservers/kube_api.py: retail.yaml plus Polaris's fixtures from
# tests/data/polaris), and the replay itself checked with kubectl
# (tests/integration/k8s_collector_test.py). One ctest per scenario group.
golive_python_tests(k8s k8s_collector_test.py TIMEOUT 240
  CLASSES
    replay ReplayTest
    collect CollectTest
    exec ExecTest
    faults FaultsTest
    secrets SecretsTest)
