# The retail demo environment: NO-GO with exactly its planted blockers, a
# result that follows the contract and its schema, and a working quick start.
add_test(NAME demo.retail.blockers
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/cli/check_demo.py
                 $<TARGET_FILE:golive> ${PROJECT_SOURCE_DIR})
add_test(NAME demo.retail.result-schema
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/schema/check_result.sh $<TARGET_FILE:golive>
                 ${PROJECT_SOURCE_DIR}/schemas/result.schema.json
                 ${PROJECT_SOURCE_DIR}/examples/retail-demo/snapshot.json
                 --waivers ${PROJECT_SOURCE_DIR}/examples/retail-demo/waivers.yaml)
add_test(NAME demo.retail.terminal
         COMMAND ${GOLIVE_EXPECT} 1 -e "^ NO-GO +score" -e "blocking: resilience.k8s.odoo-web-min-replicas"
                 -- $<TARGET_FILE:golive> evaluate
                    --snapshot ${PROJECT_SOURCE_DIR}/examples/retail-demo/snapshot.json
                    --now 2026-11-22T00:00:00Z)
