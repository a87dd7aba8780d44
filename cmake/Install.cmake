# What `cmake --install` and the .deb (CPack) put on a machine:
#   bin/golive                      the binary (stripped in Release builds)
#   share/golive/schemas/*.json     rule file and result JSON Schemas
#   share/doc/golive/               README, LICENSE, docs/, examples/
#   share/man/man1/golive.1.gz      generated from the CLI's own --help
include(GNUInstallDirs)

# A Release install is stripped even without `cmake --install --strip`
# (debug information makes the binary ~20 times larger): the flag --strip
# sets, set before the binary's install step reads it.
if(CMAKE_BUILD_TYPE STREQUAL "Release" OR CMAKE_BUILD_TYPE STREQUAL "MinSizeRel")
  install(CODE "set(CMAKE_INSTALL_DO_STRIP TRUE)")
endif()
install(TARGETS golive RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(DIRECTORY ${PROJECT_SOURCE_DIR}/schemas/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/golive/schemas FILES_MATCHING PATTERN "*.json")
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/LICENSE
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

# The man page is written from the built binary's --help texts, so it cannot
# drift from the CLI.
set(GOLIVE_MAN_PAGE ${PROJECT_BINARY_DIR}/man/golive.1.gz)
add_custom_command(
  OUTPUT ${GOLIVE_MAN_PAGE}
  COMMAND ${CMAKE_COMMAND} -DGOLIVE=$<TARGET_FILE:golive> -DOUTPUT=${PROJECT_BINARY_DIR}/man/golive.1
          -DVERSION=${PROJECT_VERSION} -P ${PROJECT_SOURCE_DIR}/cmake/ManPageScript.cmake
  COMMAND gzip -9nf ${PROJECT_BINARY_DIR}/man/golive.1
  DEPENDS golive ${PROJECT_SOURCE_DIR}/cmake/ManPageScript.cmake
  COMMENT "Writing the man page from golive --help"
  VERBATIM)
add_custom_target(golive_man ALL DEPENDS ${GOLIVE_MAN_PAGE})
install(FILES ${GOLIVE_MAN_PAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# .deb: `cpack -G DEB` in the build directory. Its dependencies are the
# runtime libraries the binary links, as dpkg-shlibdeps finds them (Debian
# package names such as libpqxx-6.4 and libhiredis0.14, never -dev ones).
set(CPACK_PACKAGE_NAME golive)
set(CPACK_PACKAGE_VENDOR "golive")
set(CPACK_PACKAGE_CONTACT "golive maintainers <golive@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Deployment-readiness auditor: GO / CONDITIONAL GO / NO-GO before a production go-live")
set(CPACK_PACKAGE_DESCRIPTION
    "golive probes an environment (Azure, Kubernetes, PostgreSQL, Redis, Traefik, Odoo),\
 runs YAML readiness rules in six domains and renders a scored decision as terminal,\
 JSON, HTML, SARIF, JUnit and Markdown reports.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS ca-certificates)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
