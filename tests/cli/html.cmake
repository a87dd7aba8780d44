# HTML sign-off report in a real browser: Debian's headless Chromium loads the
# report, dumps the DOM, takes a screenshot and prints to PDF (tests/html/).
# The control case proves the checks catch a console error, a request and an
# injected element.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
foreach(html_case IN ITEMS control demo hostile large)
  add_test(NAME html.browser.${html_case}
           COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/html/browser_test.py
                   ${html_case} $<TARGET_FILE:golive> ${PROJECT_SOURCE_DIR}
                   ${CMAKE_CURRENT_BINARY_DIR}/html-browser/${html_case})
  set_tests_properties(html.browser.${html_case} PROPERTIES TIMEOUT 90)
endforeach()

# The CLI: --format html, --report html=FILE, --template DIR, a broken template.
set(HTML_DEMO $<TARGET_FILE:golive> evaluate --snapshot ${PROJECT_SOURCE_DIR}/examples/retail-demo/snapshot.json
    --waivers ${PROJECT_SOURCE_DIR}/examples/retail-demo/waivers.yaml --now 2026-11-22T00:00:00Z)
add_test(NAME cli.html.stdout COMMAND ${GOLIVE_EXPECT} 1 -e "^<!DOCTYPE html>" -e "</span> NO-GO</h2>"
         -e "id=\"signoff\"" -n "<script" -- ${HTML_DEMO} --format html)
add_test(NAME cli.html.template-error COMMAND ${GOLIVE_EXPECT} 2
         -e "tests/html/broken-template/report\\.html\\.mustache:3:5: error: HTML report template: Unclosed section \"decision\""
         -- ${HTML_DEMO} --format html --template ${PROJECT_SOURCE_DIR}/tests/html/broken-template)
add_test(NAME cli.html.template-dir-missing COMMAND ${GOLIVE_EXPECT} 2
         -e "nope-templates: error: --template: not a directory"
         -- ${HTML_DEMO} --format html --template ${PROJECT_SOURCE_DIR}/tests/html/nope-templates)
# A broken template is found before anything is evaluated or written: no
# terminal report precedes the error.
add_test(NAME cli.html.template-error-before-any-output COMMAND ${GOLIVE_EXPECT} 2
         -e "report\\.html\\.mustache:3:5: error:" -n "NO-GO" -n "Domain scores"
         -- ${HTML_DEMO} --report html=/dev/null --template ${PROJECT_SOURCE_DIR}/tests/html/broken-template)
