// read_job on good and bad jobs: every problem names its JSON Pointer, and no target runs
// without an age threshold.
#include <doctest/doctest.h>

#include "duration.hpp"
#include "job.hpp"

namespace {

std::string first_field(const nlohmann::json& document) {
  const auto job = cleanup::read_job(document);
  REQUIRE_FALSE(job.ok());
  CHECK(job.error().exit_code == jobkit::ExitCode::invalid_data);
  return job.error().field;
}

}  // namespace

TEST_CASE("cleanup durations") {
  using std::chrono::milliseconds;
  CHECK(cleanup::parse_duration("90d") == milliseconds(90LL * 86'400'000));
  CHECK(cleanup::parse_duration("12h") == milliseconds(12LL * 3'600'000));
  CHECK(cleanup::parse_duration("30m") == milliseconds(1'800'000));
  CHECK(cleanup::parse_duration("45s") == milliseconds(45'000));
  CHECK(cleanup::parse_duration("250ms") == milliseconds(250));
  CHECK(cleanup::parse_duration("0s") == milliseconds(0));
  for (const char* bad : {"", "90", "d", "-1d", "1.5h", "1 d", "1w", "99999999999999999999d", "9999999999999999d"}) {
    CAPTURE(bad);
    CHECK_FALSE(cleanup::parse_duration(bad).has_value());
  }
}

TEST_CASE("cleanup job reads each target with its defaults") {
  const auto audit = cleanup::read_job({{"target", "audit-logs"}, {"older_than", "90d"}});
  REQUIRE(audit.ok());
  CHECK(audit->target == cleanup::Target::audit_logs);
  CHECK(audit->audit_logs.names.table == "audit_logs");
  CHECK(audit->pacing.batch_size == 5000);
  CHECK(audit->max_runtime == std::chrono::minutes(10));
  const auto sessions = cleanup::read_job({{"target", "sessions"}, {"older_than", "0s"}, {"time_zone", "Europe/Berlin"}});
  REQUIRE(sessions.ok());
  CHECK(sessions->sessions.names.time_column == "expire");
  const auto queues = cleanup::read_job({{"target", "queues"}, {"older_than", "7d"}, {"queues", {"mail"}}});
  REQUIRE(queues.ok());
  CHECK(queues->queues.failed_older_than == std::chrono::hours(24 * 7));
  CHECK(queues->queues.events_max_length == 10000);
}

TEST_CASE("cleanup job problems name their field") {
  CHECK(first_field({{"target", "audit-logs"}}) == "/older_than");
  CHECK(first_field({{"older_than", "1d"}}) == "/target");
  CHECK(first_field({{"target", "everything"}, {"older_than", "1d"}}) == "/target");
  CHECK(first_field({{"target", "audit-logs"}, {"older_than", "soon"}}) == "/older_than");
  CHECK(first_field({{"target", "audit-logs"}, {"older_than", "1d"}, {"lock_timeout", "0s"}}) == "/lock_timeout");
  CHECK(first_field({{"target", "audit-logs"}, {"older_than", "1d"}, {"batch_size", 0}}) == "/batch_size");
  CHECK(first_field({{"target", "audit-logs"}, {"older_than", "1d"}, {"archive", {{"rows_per_file", 10}}}}) ==
        "/archive/folder");
  CHECK(first_field({{"target", "files"}, {"older_than", "1d"}}) == "/prefix");
  CHECK(first_field({{"target", "files"}, {"older_than", "1d"}, {"prefix", "/etc"}}) == "/prefix");
  CHECK(first_field({{"target", "files"}, {"older_than", "1d"}, {"prefix", "x"}, {"pattern", "a/*"}}) == "/pattern");
  CHECK(first_field({{"target", "redis-keys"}, {"older_than", "1d"}}) == "/pattern");
  CHECK(first_field({{"target", "queues"}, {"older_than", "1d"}, {"queues", nlohmann::json::array()}}) == "/queues");
  CHECK(first_field({{"target", "queues"}, {"older_than", "1d"}, {"queues", {"a:b"}}}) == "/queues/0");
  CHECK(first_field({{"target", "queues"}, {"older_than", "1d"}, {"queues", {"a"}}, {"dead_letters", nlohmann::json::object()}}) ==
        "/dead_letters/older_than");
  // A field of another target is not silently ignored.
  CHECK(first_field({{"target", "sessions"}, {"older_than", "1d"}, {"pattern", "x*"}}) == "/pattern");
}

TEST_CASE("cleanup durations beyond what PostgreSQL can take are refused at their field") {
  // They used to reach the database and fail as a query error without a field
  // ("interval out of range", "invalid value for parameter statement_timeout").
  CHECK(first_field({{"target", "audit-logs"}, {"older_than", "106751991167d"}}) == "/older_than");
  CHECK(first_field({{"target", "audit-logs"}, {"older_than", "36501d"}}) == "/older_than");
  CHECK(first_field({{"target", "audit-logs"}, {"older_than", "1d"}, {"statement_timeout", "30d"}}) ==
        "/statement_timeout");
  CHECK(first_field({{"target", "sessions"}, {"older_than", "1d"}, {"lock_timeout", "2147483648ms"}}) == "/lock_timeout");
  CHECK(first_field({{"target", "queues"}, {"older_than", "1d"}, {"queues", {"a"}}, {"failed_older_than", "9223372036854775807ms"}}) ==
        "/failed_older_than");
  CHECK(cleanup::read_job({{"target", "audit-logs"}, {"older_than", "36500d"}, {"statement_timeout", "2147483647ms"}}).ok());
}
