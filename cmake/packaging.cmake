# The Debian package (`cpack -G DEB` in the build folder): every built tool, the man pages,
# the shipped templates, queue-runner's systemd unit, its example configuration as
# /etc/jobkit/queues.json, and the jobkit system user the unit runs as. A host is then set up
# with `apt install ./jobkit_<version>_<arch>.deb`.
set(jobkit_deploy_dir ${PROJECT_SOURCE_DIR}/tools/queue-runner/deploy)
if(TARGET queue-runner)
  install(FILES ${jobkit_deploy_dir}/systemd/queue-runner@.service DESTINATION lib/systemd/system)
  install(FILES ${jobkit_deploy_dir}/systemd/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR}/systemd)
  install(FILES ${PROJECT_SOURCE_DIR}/tools/queue-runner/queues.example.json
          DESTINATION /etc/jobkit RENAME queues.json)  # /etc whatever the prefix: systemd reads it there
  install(FILES ${PROJECT_SOURCE_DIR}/cmake/packaging/jobkit.sysusers DESTINATION lib/sysusers.d RENAME jobkit.conf)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME jobkit)
set(CPACK_PACKAGE_VENDOR jobkit)
set(CPACK_PACKAGE_CONTACT "jobkit maintainers <jobkit@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
# Library dependencies come from dpkg-shlibdeps; what the tools load by name at run time is
# added by hand: render-pdf's default fonts.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(jobkit_package_depends "")
if(TARGET render-pdf)
  list(APPEND jobkit_package_depends fonts-dejavu-core)
endif()
list(JOIN jobkit_package_depends ", " CPACK_DEBIAN_PACKAGE_DEPENDS)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS redis-server)
# /etc/jobkit/queues.json is the operator's once installed: an upgrade must not overwrite it.
set(jobkit_conffiles ${CMAKE_BINARY_DIR}/packaging/conffiles)
file(WRITE ${jobkit_conffiles} "/etc/jobkit/queues.json\n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${jobkit_conffiles} ${PROJECT_SOURCE_DIR}/cmake/packaging/postinst)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
