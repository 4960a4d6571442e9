#include <doctest/doctest.h>

#include <unistd.h>

#include <string>

#include <nlohmann/json.hpp>

#include "jobkit/progress.hpp"

namespace {

jobkit::EnvironmentLookup progress_fd(std::string value) {
  return [value = std::move(value)](std::string_view name) -> std::optional<std::string> {
    if (name == "JOB_PROGRESS_FD") return value;
    return std::nullopt;
  };
}

std::string drain(int fd) {
  std::string text;
  char buffer[256];
  ssize_t count = 0;
  while ((count = ::read(fd, buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<std::size_t>(count));
  return text;
}

}  // namespace

TEST_CASE("ProgressChannel writes one line per report") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  {
    auto channel = jobkit::ProgressChannel::from_environment(progress_fd(std::to_string(fds[1])));
    REQUIRE(channel.ok());
    CHECK(channel->enabled());
    channel->report(42);
    channel->report(250);  // clamped
    channel->report(nlohmann::json{{"percent", 60}, {"stage", "upload"}});
  }
  ::close(fds[1]);
  CHECK(drain(fds[0]) == "42\n100\n{\"percent\":60,\"stage\":\"upload\"}\n");
  ::close(fds[0]);
}

TEST_CASE("ProgressChannel without JOB_PROGRESS_FD reports nothing") {
  auto channel = jobkit::ProgressChannel::from_environment([](std::string_view) { return std::nullopt; });
  REQUIRE(channel.ok());
  CHECK_FALSE(channel->enabled());

  // A stray write would go to a descriptor the process already has: 0, 1 and 2 (a default
  // descriptor of 0 is the likely bug). Point all three at one pipe while reporting; it
  // must stay empty.
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  int saved[3];
  for (int fd = 0; fd < 3; ++fd) {
    saved[fd] = ::dup(fd);
    REQUIRE(saved[fd] >= 0);
  }
  for (int fd = 0; fd < 3; ++fd) ::dup2(fds[1], fd);
  channel->report(10);
  channel->report(nlohmann::json{{"percent", 20}});
  for (int fd = 0; fd < 3; ++fd) {
    ::dup2(saved[fd], fd);
    ::close(saved[fd]);
  }
  ::close(fds[1]);
  CHECK(drain(fds[0]) == "");
  ::close(fds[0]);
}

TEST_CASE("ProgressChannel refuses a descriptor that is not open") {
  for (const char* value : {"not-a-number", "-1", "999"}) {
    CAPTURE(value);
    auto channel = jobkit::ProgressChannel::from_environment(progress_fd(value));
    REQUIRE_FALSE(channel.ok());
    CHECK(channel.error().exit_code == jobkit::ExitCode::usage);
    CHECK(channel.error().field == "env:JOB_PROGRESS_FD");
  }
}
