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

# Nearly every file includes nlohmann/json (~3.5 s to parse at -O2 -g) and spdlog with fmt
# (~1.8 s): parsed once per target as a precompiled header instead of once per file.
option(JOBKIT_PRECOMPILE_HEADERS "Precompile the heavy third-party headers" ON)
if(JOBKIT_PRECOMPILE_HEADERS)
  target_precompile_headers(jobkit_settings INTERFACE <nlohmann/json.hpp> <spdlog/spdlog.h>)
  # Through a precompiled header, g++ 12 stops treating libstdc++'s inlined string copies
  # as system-header code and reports its known middle-end false positives there (GCC
  # PR 105329 and kin) on ordinary `std::string + ...`. The ASan build checks bounds at
  # run time instead.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(jobkit_warnings INTERFACE -Wno-array-bounds -Wno-stringop-overflow -Wno-stringop-overread)
  endif()
endif()
