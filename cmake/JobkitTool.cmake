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

# jobkit_ship_data(<tool> <folder>): the tool's data files in <folder>/ beside its
# CMakeLists.txt go to share/jobkit/<tool>/<folder>/ beside the build tree's bin/ (copied
# again whenever one changes, not only when the tool is linked) and are installed to
# ${CMAKE_INSTALL_DATADIR}/jobkit/<tool>/<folder>: the two places jobkit::shipped_data_folder()
# looks, relative to the executable.
function(jobkit_ship_data tool folder)
  set(source_dir ${CMAKE_CURRENT_SOURCE_DIR}/${folder})
  set(build_dir ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/../share/jobkit/${tool}/${folder})
  file(GLOB_RECURSE files CONFIGURE_DEPENDS RELATIVE ${source_dir} ${source_dir}/*)
  set(copies)
  foreach(file IN LISTS files)
    get_filename_component(file_dir ${build_dir}/${file} DIRECTORY)
    add_custom_command(OUTPUT ${build_dir}/${file}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${file_dir}
      COMMAND ${CMAKE_COMMAND} -E copy ${source_dir}/${file} ${build_dir}/${file}
      DEPENDS ${source_dir}/${file})
    list(APPEND copies ${build_dir}/${file})
  endforeach()
  add_custom_target(${tool}_${folder} DEPENDS ${copies} COMMENT "Copying the ${tool} ${folder}")
  add_dependencies(${tool} ${tool}_${folder})
  install(DIRECTORY ${source_dir}/ DESTINATION ${CMAKE_INSTALL_DATADIR}/jobkit/${tool}/${folder})
endfunction()
