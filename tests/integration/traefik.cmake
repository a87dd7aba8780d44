# The Traefik collector, live, against a loopback server replaying Traefik's
# API golden responses of v2 and v3 (scripts/localservers/traefik_api.py,
# tests/data/traefik-api). One ctest per scenario group.
golive_python_tests(traefik traefik_collector_test.py TIMEOUT 300
  CLASSES
    golden GoldenTest
    fixtures FixturesTest
    exposure ExposureTest
    certificates CertificateTest
    faults FaultsTest
    secrets SecretsTest
    config ConfigTest)
