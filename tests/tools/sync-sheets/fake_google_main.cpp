// fake-google-sheets: the tests' fake Google as a program, for the benchmark, the interop
// tests and for trying sync-sheets without a Google account. It creates the spreadsheets
// named on the command line (default "quickstart"; "--not-shared=ID" makes one the service
// account may not open, which Google answers with 403), prints the environment that points
// sync-sheets at it (NAME=VALUE lines, then a blank line), serves until SIGTERM, SIGINT or
// the end of its stdin, and then prints every tab's cells as one JSON object and its request
// counts on stderr. While it serves, a line on stdin asks it something: "tokens" prints the
// access tokens it issued as one JSON array line on stdout (what a test greps logs for),
// "counts" prints the request counts so far on stderr.
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <iostream>
#include <string>

#include "fake_google.hpp"

namespace {

void print_counts(const sync_sheets_testing::FakeGoogle& google) {
  std::cerr << "fake-google-sheets: " << google.token_requests() << " token requests, " << google.sheets_requests()
            << " Sheets requests, " << google.bytes_received() << " bytes received, largest body " << google.largest_body()
            << " bytes" << std::endl;
}

void answer(const std::string& line, const sync_sheets_testing::FakeGoogle& google) {
  if (line == "tokens") {
    std::cout << nlohmann::json(google.issued_tokens()).dump() << std::endl;
  } else if (line == "counts") {
    print_counts(google);
  }
}

// Answers stdin's lines until SIGTERM or SIGINT (blocked, so taken here) or until stdin closes.
void serve_until_the_end(const sync_sheets_testing::FakeGoogle& google) {
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  std::string pending;
  for (;;) {
    timespec tick{0, 100 * 1000 * 1000};
    if (sigtimedwait(&stop, nullptr, &tick) > 0) return;
    pollfd input{STDIN_FILENO, POLLIN, 0};
    while (::poll(&input, 1, 0) > 0) {
      char buffer[256];
      const ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
      if (got <= 0) return;
      pending.append(buffer, static_cast<std::size_t>(got));
      for (auto end = pending.find('\n'); end != std::string::npos; end = pending.find('\n')) {
        answer(pending.substr(0, end), google);
        pending.erase(0, end + 1);
      }
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
  const std::string not_shared = "--not-shared=";
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument.starts_with(not_shared)) {
      google.add_spreadsheet(argument.substr(not_shared.size()), false);
    } else {
      google.add_spreadsheet(argument);
    }
  }
  for (const std::string& line : google.environment()) std::cout << line << '\n';
  std::cout << std::endl;
  serve_until_the_end(google);
  std::cout << google.snapshot().dump() << std::endl;
  print_counts(google);
  return 0;
}
