#include <doctest/doctest.h>

#include <map>
#include <string>

#include "jobkit/job_environment.hpp"

namespace {

jobkit::EnvironmentLookup environment_of(std::map<std::string, std::string> values) {
  return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
    const auto found = values.find(std::string(name));
    if (found == values.end()) return std::nullopt;
    return found->second;
  };
}

}  // namespace

TEST_CASE("read_job_metadata: all variables from queue-runner") {
  const auto metadata = jobkit::read_job_metadata(environment_of({{"JOB_ID", "42"},
                                                                  {"JOB_NAME", "invoice"},
                                                                  {"JOB_QUEUE", "documents"},
                                                                  {"JOB_ATTEMPT", "2"},
                                                                  {"JOB_ATTEMPTS", "3"},
                                                                  {"JOB_TIMESTAMP", "1764331200000"}}));
  REQUIRE(metadata.ok());
  CHECK(metadata->id == "42");
  CHECK(metadata->queue == "documents");
  CHECK(metadata->attempt == 2);
  CHECK(metadata->timestamp == 1764331200000);
  CHECK_FALSE(metadata->is_last_attempt());
}

TEST_CASE("read_job_metadata: run by hand - nothing is set") {
  const auto metadata = jobkit::read_job_metadata(environment_of({}));
  REQUIRE(metadata.ok());
  CHECK_FALSE(metadata->id);
  CHECK(metadata->is_last_attempt());
}

TEST_CASE("read_job_metadata: malformed numbers are usage errors naming the variable") {
  auto metadata = jobkit::read_job_metadata(environment_of({{"JOB_ATTEMPT", "two"}}));
  REQUIRE_FALSE(metadata.ok());
  CHECK(metadata.error().exit_code == jobkit::ExitCode::usage);
  CHECK(metadata.error().field == "env:JOB_ATTEMPT");

  metadata = jobkit::read_job_metadata(environment_of({{"JOB_ATTEMPT", "4"}, {"JOB_ATTEMPTS", "3"}}));
  REQUIRE_FALSE(metadata.ok());
  CHECK(metadata.error().message.find("JOB_ATTEMPTS") != std::string::npos);

  metadata = jobkit::read_job_metadata(environment_of({{"JOB_TIMESTAMP", "99999999999999999999999"}}));
  REQUIRE_FALSE(metadata.ok());
  CHECK(metadata.error().field == "env:JOB_TIMESTAMP");
}
