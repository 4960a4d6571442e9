# Compiler settings shared by jobkit's own targets. Linked privately, so third-party headers
# and targets never inherit our warnings-as-errors.
add_library(jobkit_warnings INTERFACE)
target_compile_options(jobkit_warnings INTERFACE -Wall -Wextra -Wpedantic -Werror)

add_library(jobkit_settings INTERFACE)
target_compile_features(jobkit_settings INTERFACE cxx_std_20)
if(JOBKIT_SANITIZE)
  # -fno-sanitize-recover makes UBSan findings fail the test instead of only printing.
  set(jobkit_sanitizer_flags -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_compile_options(jobkit_settings INTERFACE ${jobkit_sanitizer_flags})
  target_link_options(jobkit_settings INTERFACE ${jobkit_sanitizer_flags})
endif()
