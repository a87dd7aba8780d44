# The correct reference platform (examples/retail-reference): audited live like
# the demo, it must be GO with no blocking or high failure and every other
# failure a trade-off its README writes down. A false alarm fails here.
add_test(NAME integration.reference.live
         COMMAND ${GOLIVE_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/integration/check_reference.py
                 $<TARGET_FILE:golive> ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/live-reference-out)
set_tests_properties(integration.reference.live PROPERTIES TIMEOUT 180
                     LABELS "integration;postgres;redis;traefik;odoo;demo")
