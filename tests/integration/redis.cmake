# The Redis collector against real redis-server processes on loopback
# (tests/integration/redis_collector_test.py; servers from scripts/localservers).
# One ctest per scenario group.
golive_python_tests(redis redis_collector_test.py TIMEOUT 180
  CLASSES
    collect CollectTest
    read-only ReadOnlyTest
    faults FaultsTest
    secrets SecretsTest)
