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

TEST_CASE("job_variables: what the runner writes is what read_job_metadata reads back") {
  const jobkit::JobMetadata written{"7", "invoice", "documents", 1, 5, 1764331200000};
  const auto variables = jobkit::job_variables(written);
  const std::map<std::string, std::string> as_map(variables.begin(), variables.end());
  CHECK(as_map.at("JOB_ID") == "7");
  CHECK(as_map.at("JOB_ATTEMPTS") == "5");
  CHECK(as_map.size() == 6);
  const auto read = jobkit::read_job_metadata(environment_of(as_map));
  REQUIRE(read.ok());
  CHECK(read->id == written.id);
  CHECK(read->name == written.name);
  CHECK(read->queue == written.queue);
  CHECK(read->attempt == written.attempt);
  CHECK(read->attempts == written.attempts);
  CHECK(read->timestamp == written.timestamp);
}

TEST_CASE("job_variables: unknown metadata is left out and not written empty") {
  jobkit::JobMetadata partial;
  partial.id = "9";
  const auto variables = jobkit::job_variables(partial);
  REQUIRE(variables.size() == 1);
  CHECK(variables.front().first == "JOB_ID");
}
