# The GitHub Action's entrypoint (action/entrypoint.sh) as GitHub runs it:
# inputs to arguments (never evaluated), outputs, exit code (tests/action/).
add_test(NAME action.entrypoint
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/action/entrypoint_test.sh $<TARGET_FILE:golive>
                 ${PROJECT_SOURCE_DIR})
