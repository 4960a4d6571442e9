// The doctest runner shared by every test executable.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <csignal>

int main(int argc, char** argv) {
  // Tests close pipes under writers on purpose; a write error must fail a check, not kill
  // the whole test binary, as it does for the tools themselves (run_tool ignores SIGPIPE).
  std::signal(SIGPIPE, SIG_IGN);
  return doctest::Context(argc, argv).run();
}
