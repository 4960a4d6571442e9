// fake-google-sheets: the tests' fake Google as a program, for the benchmark and for trying
// sync-sheets without a Google account. It creates the spreadsheets named on the command
// line (default "quickstart"), prints the environment that points sync-sheets at it
// (NAME=VALUE lines, then a blank line), serves until SIGTERM, SIGINT or the end of its
// stdin, and then prints every tab's cells as one JSON object and its request counts on stderr.
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <iostream>

#include "fake_google.hpp"

namespace {

// Waits for SIGTERM or SIGINT (blocked, so taken here) or for stdin to close.
void wait_for_the_end() {
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  for (;;) {
    timespec tick{0, 100 * 1000 * 1000};
    if (sigtimedwait(&stop, nullptr, &tick) > 0) return;
    pollfd input{STDIN_FILENO, POLLIN, 0};
    if (::poll(&input, 1, 0) > 0) {
      char byte;
      if (::read(STDIN_FILENO, &byte, 1) <= 0) return;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);  // before the server's thread starts: it inherits the mask
  sync_sheets_testing::FakeGoogle google;
  if (argc < 2) google.add_spreadsheet("quickstart");
  for (int i = 1; i < argc; ++i) google.add_spreadsheet(argv[i]);
  for (const std::string& line : google.environment()) std::cout << line << '\n';
  std::cout << std::endl;
  wait_for_the_end();
  std::cout << google.snapshot().dump() << std::endl;
  std::cerr << "fake-google-sheets: " << google.token_requests() << " token requests, " << google.sheets_requests()
            << " Sheets requests, " << google.bytes_received() << " bytes received, largest body " << google.largest_body()
            << " bytes" << std::endl;
  return 0;
}
