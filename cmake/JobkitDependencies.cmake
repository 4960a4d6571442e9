# Every dependency comes from Debian 12 packages (scripts/setup installs them).
find_package(nlohmann_json 3.11 REQUIRED)
find_package(CLI11 2.1 REQUIRED)
find_package(spdlog 1.10 REQUIRED)
find_package(CURL 7.88 REQUIRED)
find_package(PkgConfig REQUIRED)
# hiredis 0.14's CMake config exports no target on Debian; pkg-config gives an imported one.
pkg_check_modules(hiredis REQUIRED IMPORTED_TARGET hiredis>=0.14)
find_package(OpenSSL 3 REQUIRED)  # common/ crypto and the tools that sign or hash
