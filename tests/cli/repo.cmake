# The repository stands alone: nothing reads outside it (tests/repo/).
add_test(NAME repo.self-contained
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/repo/self_contained.sh ${PROJECT_SOURCE_DIR})
# The check itself catches a planted reference to the shared folder (spelt in
# two pieces here, so that this file does not trip the check).
add_test(NAME repo.self-contained.detects
         COMMAND sh -c "set -e; d=$(mktemp -d); trap 'rm -rf $d' EXIT; mkdir -p $d/scripts; \
           echo 'data = open(\"../sh''ared/conformance/x.json\")' > $d/scripts/x.py; \
           if bash ${CMAKE_CURRENT_SOURCE_DIR}/repo/self_contained.sh $d; then exit 1; fi")
