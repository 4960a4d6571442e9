# add_jobkit_tool(<name> SOURCES <files...> [LIBRARIES <targets...>])
# Builds tools/<name> as an executable on jobkit_core; each tool lists only its own extra
# dependencies, so the link line of every tool shows what it really needs.
function(add_jobkit_tool name)
  cmake_parse_arguments(PARSE_ARGV 1 tool "" "" "SOURCES;LIBRARIES")
  add_executable(${name} ${tool_SOURCES})
  target_link_libraries(${name} PRIVATE jobkit_core ${tool_LIBRARIES} jobkit_warnings jobkit_settings)
  jobkit_precompiled_headers(${name})
  install(TARGETS ${name} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endfunction()
