# golive_embed_files(OUTPUT file.cpp FUNCTION name BASE dir FILES f1 f2 ...)
#
# Generates a C++ source defining
#   std::vector<golive::EmbeddedFile> <FUNCTION>();
# whose entries hold each file's path relative to BASE and its bytes. The
# bytes are written as a hex array, so no file content can break the source.
function(golive_embed_files)
  cmake_parse_arguments(EMBED "" "OUTPUT;FUNCTION;BASE" "FILES" ${ARGN})
  add_custom_command(
    OUTPUT ${EMBED_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${EMBED_OUTPUT} -DFUNCTION=${EMBED_FUNCTION}
            -DBASE=${EMBED_BASE} "-DFILES=${EMBED_FILES}"
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedScript.cmake
    DEPENDS ${EMBED_FILES} ${PROJECT_SOURCE_DIR}/cmake/EmbedScript.cmake
    COMMENT "Embedding ${EMBED_FUNCTION}"
    VERBATIM)
endfunction()
