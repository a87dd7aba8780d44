# The Azure collector, live, against a loopback server playing Entra ID, the
# managed identity endpoint and Resource Manager (scripts/localservers/
# arm_api.py, replaying tests/data/arm-examples and psrule-azure). One ctest per scenario group.
golive_python_tests(azure azure_collector_test.py TIMEOUT 300
  CLASSES
    credentials CredentialsTest
    replay ReplayTest
    faults FaultsTest
    secrets SecretsTest)
