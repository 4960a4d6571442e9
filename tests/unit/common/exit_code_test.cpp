#include <doctest/doctest.h>

#include "jobkit/exit_code.hpp"

using jobkit::ExitCode;
using jobkit::Retry;

TEST_CASE("retry_for_exit_status: permanent codes are never retried") {
  CHECK(jobkit::retry_for_exit_status(64) == Retry::no);
  CHECK(jobkit::retry_for_exit_status(65) == Retry::no);
  CHECK(jobkit::retry_for_exit_status(66) == Retry::no);
  CHECK(jobkit::retry_for_exit_status(77) == Retry::no);
}

TEST_CASE("retry_for_exit_status: everything else is retried") {
  for (const int status : {1, 2, 69, 70, 74, 75, 78, 100, 106, 125, 255}) {
    CAPTURE(status);
    CHECK(jobkit::retry_for_exit_status(status) == Retry::yes);
  }
}

TEST_CASE("exit codes keep their sysexits values and names") {
  CHECK(jobkit::to_status(ExitCode::usage) == 64);
  CHECK(jobkit::to_status(ExitCode::invalid_data) == 65);
  CHECK(jobkit::to_status(ExitCode::missing_input) == 66);
  CHECK(jobkit::to_status(ExitCode::temporary) == 75);
  CHECK(jobkit::to_status(ExitCode::forbidden) == 77);
  CHECK(jobkit::exit_code_name(ExitCode::invalid_data) == "invalid_data");
  CHECK(jobkit::exit_code_name(ExitCode::forbidden) == "forbidden");
}
