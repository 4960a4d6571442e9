# Compiler settings shared by jobkit's own targets. Linked privately, so third-party headers
# and targets never inherit our warnings-as-errors.
add_library(jobkit_warnings INTERFACE)
# -Wmissing-field-initializers is off because g++ 12 fires it on designated initializers
# that leave members to their default member initializers, which is how options structs
# ({.url = ..., .timeout = ...}) are meant to be written.
target_compile_options(jobkit_warnings INTERFACE -Wall -Wextra -Wpedantic -Werror -Wno-missing-field-initializers)

add_library(jobkit_settings INTERFACE)
target_compile_features(jobkit_settings INTERFACE cxx_std_20)
if(JOBKIT_SANITIZE)
  # -fno-sanitize-recover makes UBSan findings fail the test instead of only printing.
  set(jobkit_sanitizer_flags -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_compile_options(jobkit_settings INTERFACE ${jobkit_sanitizer_flags})
  target_link_options(jobkit_settings INTERFACE ${jobkit_sanitizer_flags})
endif()

# Nearly every file includes nlohmann/json (~3.5 s to parse at -O2) and spdlog with fmt
# (~1.8 s): precompiled once, in jobkit_core (common/CMakeLists.txt), and reused by every
# other target of ours through jobkit_precompiled_headers(). A precompiled header of its own
# per target cost ~8 s each, more than small targets saved.
option(JOBKIT_PRECOMPILE_HEADERS "Precompile the heavy third-party headers" ON)
set(jobkit_precompiled_headers <nlohmann/json.hpp> <spdlog/spdlog.h>)
if(JOBKIT_PRECOMPILE_HEADERS)
  # Through a precompiled header, g++ 12 stops treating libstdc++'s inlined string copies
  # as system-header code and reports its known middle-end false positives there (GCC
  # PR 105329 and kin) on ordinary `std::string + ...`. The ASan build checks bounds at
  # run time instead.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(jobkit_warnings INTERFACE -Wno-array-bounds -Wno-stringop-overflow -Wno-stringop-overread)
  endif()
endif()

# A reused precompiled header is valid only where the macros glibc's headers test are the
# same: -pthread (_REENTRANT, from libvips' flags) and _FILE_OFFSET_BITS (from hiredis')
# are set for every target of ours, as no-ops on x86-64 and glibc 2.34+.
target_compile_options(jobkit_settings INTERFACE -pthread)
target_compile_definitions(jobkit_settings INTERFACE _FILE_OFFSET_BITS=64)
target_link_options(jobkit_settings INTERFACE -pthread)

# jobkit_precompiled_headers(<target>): jobkit_core's precompiled header for <target>.
function(jobkit_precompiled_headers target)
  if(JOBKIT_PRECOMPILE_HEADERS)
    target_precompile_headers(${target} REUSE_FROM jobkit_core)
  endif()
endfunction()
