# The README's demo: a live audit of a local PostgreSQL and Redis with the
# retail demo's recorded facts (scripts/live_demo.py). Both collectors must
# be ok, and the decision the demo's four planted blockers (NO-GO, exit 1).
add_test(NAME integration.demo.live
         COMMAND ${GOLIVE_EXPECT} 1
                 -e "^  postgres +ok$" -e "^  redis +ok$" -e "^ NO-GO "
                 -e "^  fail +architecture\\.postgres\\.streaming-standby +odoo-db$"
                 -n "^  unknown "
                 -- ${GOLIVE_PYTHON} ${PROJECT_SOURCE_DIR}/scripts/live_demo.py
                    $<TARGET_FILE:golive> ${CMAKE_CURRENT_BINARY_DIR}/live-demo-out)
set_tests_properties(integration.demo.live PROPERTIES TIMEOUT 180
                     LABELS "integration;postgres;redis;demo")
