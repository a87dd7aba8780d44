# The README's demo: a live audit of a local PostgreSQL, Redis, Traefik API and
# Odoo front, with the retail demo's odoo.conf, declared.yaml, Azure export and
# recorded Kubernetes facts (scripts/live_demo.py). Every collector must be ok,
# nothing unknown, and the decision the demo's planted blockers (NO-GO, exit 1).
# Its correct twin is integration.reference.live (reference.cmake).
add_test(NAME integration.demo.live
         COMMAND ${GOLIVE_EXPECT} 1
                 -e "^  postgres +ok$" -e "^  redis +ok$" -e "^  traefik +ok$" -e "^  odoo +ok$"
                 -e "^  declared +ok$" -e "^ NO-GO "
                 -e "blocking: resilience.k8s.odoo-web-min-replicas failed on odoo/odoo-web"
                 -e "^  HIGH .* resilience\\.declared\\.dr-drill-recent$"
                 -e "^    - odoo.conf .*/golive.yaml:[0-9]+$"
                 -n "^Could not be verified"
                 -- ${GOLIVE_PYTHON} ${PROJECT_SOURCE_DIR}/scripts/live_demo.py
                    $<TARGET_FILE:golive> ${CMAKE_CURRENT_BINARY_DIR}/live-demo-out)
set_tests_properties(integration.demo.live PROPERTIES TIMEOUT 180
                     LABELS "integration;postgres;redis;traefik;odoo;demo")
