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
