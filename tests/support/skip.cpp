#include "skip.hpp"

#include <cstdio>
#include <cstdlib>

namespace jobkit::testing {

void skip_test(std::string_view reason) {
  std::printf("skipped: %.*s\n", static_cast<int>(reason.size()), reason.data());
  std::fflush(nullptr);
  const char* code = std::getenv("JOBKIT_TEST_SKIP_EXIT_CODE");
  if (code == nullptr || *code == '\0') return;
  // _Exit, not exit: the test case's objects are left as they are, and no atexit handler
  // (doctest's or a sanitizer's) can turn the skip into another status.
  std::_Exit(std::atoi(code));
}

}  // namespace jobkit::testing
