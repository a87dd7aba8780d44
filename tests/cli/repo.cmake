# The repository stands alone and ships: nothing reads outside it, the README's
# demo runs in a copy with nothing beside it and reports its own failures, and
# the .deb installs a golive that works (tests/repo/, tests/package/).
add_test(NAME repo.self-contained
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/repo/self_contained.sh ${PROJECT_SOURCE_DIR})
# The check itself catches a planted reference to the shared folder (spelt in
# two pieces here, so that this file does not trip the check).
add_test(NAME repo.self-contained.detects
         COMMAND sh -c "set -e; d=$(mktemp -d); trap 'rm -rf $d' EXIT; mkdir -p $d/scripts; \
           echo 'data = open(\"../sh''ared/conformance/x.json\")' > $d/scripts/x.py; \
           if bash ${CMAKE_CURRENT_SOURCE_DIR}/repo/self_contained.sh $d; then exit 1; fi")
add_test(NAME repo.demo-in-copy
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/repo/demo_in_copy.sh $<TARGET_FILE:golive>
                 ${PROJECT_SOURCE_DIR})
set_tests_properties(repo.demo-in-copy PROPERTIES TIMEOUT 400
                     LABELS "integration;demo;postgres;redis")
add_test(NAME package.deb
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/package/check_deb.sh ${PROJECT_BINARY_DIR})
set_tests_properties(package.deb PROPERTIES TIMEOUT 300 LABELS package)
