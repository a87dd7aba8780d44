# The Odoo collector against a loopback server that answers like Odoo's web
# controllers (scripts/localservers/odoo_web.py) and odoo.conf from a file
# or from a ConfigMap/Secret served by the Kubernetes replay
# (tests/integration/odoo_collector_test.py). One ctest per scenario group.
golive_python_tests(odoo odoo_collector_test.py TIMEOUT 240
  CLASSES
    probe ProbeTest
    redirect RedirectTest
    config ConfigFileTest
    cluster ClusterTest
    secrets SecretsTest
    unreachable UnreachableTest)
