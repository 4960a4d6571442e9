#include <doctest/doctest.h>

#include <unistd.h>

#include <string>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "jobkit/logging.hpp"

namespace {

// Logs through a pipe and returns what reached it.
template <typename LogFunction>
std::string capture_log(jobkit::LogFormat format, LogFunction&& log) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  jobkit::configure_logging({.program = "test-tool", .format = format, .fd = fds[1]});
  log();
  ::close(fds[1]);
  std::string text;
  char buffer[4096];
  ssize_t count = 0;
  while ((count = ::read(fds[0], buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<std::size_t>(count));
  ::close(fds[0]);
  jobkit::configure_logging({.program = "test-tool"});  // back to stderr
  return text;
}

}  // namespace

TEST_CASE("configure_logging: text lines name the program and level") {
  const std::string text = capture_log(jobkit::LogFormat::text, [] {
    spdlog::info("rendered {} pages", 2);
    spdlog::debug("hidden at info level");
  });
  CHECK(text.find(" test-tool info: rendered 2 pages\n") != std::string::npos);
  CHECK(text.find("hidden") == std::string::npos);
  CHECK(text.find('Z') == 23);  // 2026-11-28T12:00:00.123Z
}

TEST_CASE("configure_logging: JSON lines are one object each") {
  const std::string text = capture_log(jobkit::LogFormat::json, [] { spdlog::warn("quote \" and\nnewline"); });
  REQUIRE(text.back() == '\n');
  CHECK(text.find('\n') == text.size() - 1);  // the embedded newline is escaped
  const auto line = nlohmann::json::parse(text);
  CHECK(line["level"] == "warning");
  CHECK(line["program"] == "test-tool");
  CHECK(line["message"] == "quote \" and\nnewline");
}

TEST_CASE("configure_logging: secrets never reach the log") {
  const std::string text = capture_log(jobkit::LogFormat::text, [] {
    spdlog::error("cannot reach redis://jobkit:hunter2@127.0.0.1:6390/0 with Authorization: Bearer tok3n");
  });
  CHECK(text.find("hunter2") == std::string::npos);
  CHECK(text.find("tok3n") == std::string::npos);
  CHECK(text.find("redis://jobkit:***@127.0.0.1:6390/0") != std::string::npos);
}

TEST_CASE("parse_log_level and parse_log_format") {
  CHECK(jobkit::parse_log_level("debug") == spdlog::level::debug);
  CHECK(jobkit::parse_log_level("off") == spdlog::level::off);
  CHECK_FALSE(jobkit::parse_log_level("loud"));
  CHECK(jobkit::parse_log_format("json") == jobkit::LogFormat::json);
  CHECK_FALSE(jobkit::parse_log_format("xml"));
}

TEST_CASE("configure_logging: a text line cannot be split or forged by what a message holds") {
  // Messages quote job data (a path, a URL, a name); a line break in it must not start a
  // line of its own in the job's log, which could pass for one the tool wrote.
  const std::string text = capture_log(jobkit::LogFormat::text, [] {
    spdlog::warn("bad value \"a\r\n2026-01-01T00:00:00.000Z test-tool info: all good\x1b[2J\x7f\tend\"");
  });
  REQUIRE(text.back() == '\n');
  CHECK(text.find('\n') == text.size() - 1);
  CHECK(text.find('\r') == std::string::npos);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x7f') == std::string::npos);
  CHECK(text.find("bad value \"a\\r\\n2026-01-01T00:00:00.000Z test-tool info: all good\\x1b[2J\\x7f\tend\"") !=
        std::string::npos);
}
