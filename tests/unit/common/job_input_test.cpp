#include <doctest/doctest.h>

#include <unistd.h>

#include <string>
#include <thread>

#include "jobkit/job_input.hpp"

using jobkit::ExitCode;
using jobkit::JobInputLimits;
using jobkit::parse_job;

TEST_CASE("parse_job: a JSON object is accepted") {
  const auto job = parse_job(R"({"to":"a@example.com","n":3})", {});
  REQUIRE(job.ok());
  CHECK(job.value()["n"] == 3);
}

TEST_CASE("parse_job: invalid UTF-8 is refused with its offset") {
  const auto job = parse_job("{\"name\":\"caf\xE9\"}", {});
  REQUIRE_FALSE(job.ok());
  CHECK(job.error().exit_code == ExitCode::invalid_data);
  CHECK(job.error().code == "invalid_utf8");
  CHECK(job.error().message.find("offset 12") != std::string::npos);
}

TEST_CASE("parse_job: truncated JSON reports line and column") {
  const auto job = parse_job("{\n  \"a\": [1,\n  2", {});
  REQUIRE_FALSE(job.ok());
  CHECK(job.error().exit_code == ExitCode::invalid_data);
  CHECK(job.error().code == "invalid_json");
  CHECK(job.error().message.find("line 3, column 4") != std::string::npos);
}

TEST_CASE("parse_job: the top level must be an object") {
  for (const char* text : {"[1,2]", "\"text\"", "42", "null"}) {
    CAPTURE(text);
    const auto job = parse_job(text, {});
    REQUIRE_FALSE(job.ok());
    CHECK(job.error().exit_code == ExitCode::invalid_data);
    CHECK(job.error().message.find("must be a JSON object") != std::string::npos);
  }
}

TEST_CASE("parse_job: deep nesting is refused before parsing") {
  const std::string deep = "{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  const auto job = parse_job(deep, {});
  REQUIRE_FALSE(job.ok());
  CHECK(job.error().code == "too_deep");
  // Brackets inside strings do not count.
  CHECK(parse_job("{\"a\":\"" + std::string(1000, '[') + "\"}", {}).ok());
}

TEST_CASE("parse_job: numbers too large for a double are refused") {
  const auto job = parse_job(R"({"n":1e400})", {});
  REQUIRE_FALSE(job.ok());
  CHECK(job.error().exit_code == ExitCode::invalid_data);
}

TEST_CASE("text_position counts characters - not bytes") {
  const auto at = jobkit::text_position("ab\nżółw!", 10);
  CHECK(at.line == 2);
  CHECK(at.column == 5);
}

TEST_CASE("read_job_text: a document over the size cap is refused") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const std::string big(17 * 1024 * 1024, ' ');
  std::thread writer([&] {
    std::size_t offset = 0;
    while (offset < big.size()) {
      const ssize_t written = ::write(fds[1], big.data() + offset, big.size() - offset);
      if (written <= 0) break;
      offset += static_cast<std::size_t>(written);
    }
    ::close(fds[1]);
  });
  const auto text = jobkit::read_job_text(fds[0], JobInputLimits{});
  ::close(fds[0]);  // the writer then fails with EPIPE (test_main ignores SIGPIPE)
  writer.join();
  REQUIRE_FALSE(text.ok());
  CHECK(text.error().exit_code == ExitCode::invalid_data);
  CHECK(text.error().code == "job_too_large");
  CHECK(text.error().message.find("16777216") != std::string::npos);
}

TEST_CASE("read_job_file: a missing file is missing input") {
  const auto text = jobkit::read_job_file("/nonexistent/job.json", {});
  REQUIRE_FALSE(text.ok());
  CHECK(text.error().exit_code == ExitCode::missing_input);
}
