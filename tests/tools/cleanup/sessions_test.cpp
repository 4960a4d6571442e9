// The sessions target on connect-pg-simple's table, in a database whose server time zone is
// not UTC: `expire` holds wall-clock time in that zone, so a comparison in UTC would take a
// live session for one that expired hours ago.
#include <doctest/doctest.h>

#include "cleanup_fixture.hpp"

namespace {

using cleanup_testing::TestDatabase;

// Exactly connect-pg-simple's table.sql, and sessions written as its set() writes them:
// expire = to_timestamp(seconds), stored without a zone in the connection's TimeZone.
void create_session_table(const TestDatabase& database) {
  database.run(
      "CREATE TABLE \"session\" (\"sid\" varchar NOT NULL COLLATE \"default\", \"sess\" json NOT NULL, "
      "\"expire\" timestamp(6) NOT NULL); "
      "ALTER TABLE \"session\" ADD CONSTRAINT \"session_pkey\" PRIMARY KEY (\"sid\"); "
      "CREATE INDEX \"IDX_session_expire\" ON \"session\" (\"expire\")");
}

void add_sessions(const TestDatabase& database, const std::string& label, int count, const std::string& expires_in) {
  database.run("INSERT INTO \"session\" (sid, sess, expire) SELECT '" + label + "-' || g, '{\"cookie\":{}}', "
               "to_timestamp(extract(epoch FROM now() + interval '" + expires_in + "')) "
               "FROM generate_series(1, " + std::to_string(count) + ") g");
}

}  // namespace

TEST_CASE("cleanup sessions judges expiry in the server time zone") {
  // Five hours behind UTC (no daylight saving), so that the trap is hours wide.
  TestDatabase database(TestDatabase::Kind::database, "timezone = 'Etc/GMT+5'");
  REQUIRE(database.scalar("SHOW timezone") == "Etc/GMT+5");
  create_session_table(database);
  add_sessions(database, "expired-long-ago", 300, "-3 hours");
  add_sessions(database, "expired-recently", 20, "-10 minutes");
  add_sessions(database, "live", 200, "1 hour");
  add_sessions(database, "live-long", 50, "30 days");
  // A cleanup comparing in UTC would see the live sessions as expired four hours ago.
  REQUIRE(database.count("SELECT count(*) FROM \"session\" WHERE expire < (now() AT TIME ZONE 'UTC')") == 520);

  const nlohmann::json job = {{"target", "sessions"}, {"older_than", "1h"}, {"batch_size", 64}, {"pause", "0ms"}};
  const auto dry = cleanup_testing::result_of(cleanup_testing::run_cleanup(job, {"DATABASE_URL=" + database.url()}, {"--dry-run"}));
  CHECK(dry["removed"] == 300);
  CHECK(dry["time_zone"] == "Etc/GMT+5");
  CHECK(database.count("SELECT count(*) FROM \"session\"") == 570);
  // The same job judged in UTC would take every live session but the long ones.
  nlohmann::json in_utc = job;
  in_utc["time_zone"] = "UTC";
  CHECK(cleanup_testing::result_of(cleanup_testing::run_cleanup(in_utc, {"DATABASE_URL=" + database.url()}, {"--dry-run"}))["removed"] == 520);

  const auto result = cleanup_testing::result_of(cleanup_testing::run_cleanup(job, {"DATABASE_URL=" + database.url()}));
  CHECK(result["removed"] == 300);
  CHECK(result["batches"] == 5);
  CHECK(database.count("SELECT count(*) FROM \"session\" WHERE sid LIKE 'expired-long-ago-%'") == 0);
  CHECK(database.count("SELECT count(*) FROM \"session\" WHERE sid LIKE 'expired-recently-%'") == 20);
  CHECK(database.count("SELECT count(*) FROM \"session\" WHERE sid LIKE 'live%'") == 250);
}

TEST_CASE("cleanup sessions with threshold 0s removes every expired session and an unknown time zone names the field") {
  TestDatabase database(TestDatabase::Kind::database, "timezone = 'America/New_York'");
  create_session_table(database);
  add_sessions(database, "expired", 30, "-1 minute");
  add_sessions(database, "live", 10, "2 minutes");
  const auto result = cleanup_testing::result_of(cleanup_testing::run_cleanup(
      {{"target", "sessions"}, {"older_than", "0s"}}, {"DATABASE_URL=" + database.url()}));
  CHECK(result["removed"] == 30);
  CHECK(database.count("SELECT count(*) FROM \"session\"") == 10);

  const auto bad = cleanup_testing::run_cleanup({{"target", "sessions"}, {"older_than", "0s"}, {"time_zone", "Mars/Olympus"}},
                                                {"DATABASE_URL=" + database.url()});
  CHECK(bad.exit_code == 65);
  CHECK(nlohmann::json::parse(bad.out)["error"]["field"] == "/time_zone");
}

TEST_CASE("cleanup names the field of a table or column the database does not have") {
  TestDatabase database;
  create_session_table(database);
  cleanup_testing::create_audit_table(database, cleanup_testing::AuditLayout::plain);
  const std::vector<std::string> environment{"DATABASE_URL=" + database.url()};
  const auto field_of = [&](const nlohmann::json& job) {
    const auto run = cleanup_testing::run_cleanup(job, environment);
    CHECK_MESSAGE(run.exit_code == 65, run.out << run.err);
    const auto error = nlohmann::json::parse(run.out)["error"];
    CHECK(error["code"] == "invalid_field");
    return error.value("field", std::string());
  };
  CHECK(field_of({{"target", "sessions"}, {"older_than", "1d"}, {"table", "sessions_typo"}}) == "/table");
  CHECK(field_of({{"target", "sessions"}, {"older_than", "1d"}, {"time_column", "expires"}}) == "/time_column");
  CHECK(field_of({{"target", "audit-logs"}, {"older_than", "90d"}, {"table", "audit_logs\"; DROP TABLE x; --"}}) ==
        "/table");
  CHECK(field_of({{"target", "audit-logs"}, {"older_than", "90d"}, {"key_column", "audit_id"}}) == "/key_column");
}

TEST_CASE("cleanup sessions refuses a time zone that only a POSIX rule would read - it names the field") {
  // PostgreSQL reads "Europe/Berlin1" or "XYZ5" as POSIX rules (an offset west of UTC) and
  // would have judged expiry hours off without a word; only named zones are taken.
  TestDatabase database;
  create_session_table(database);
  add_sessions(database, "live", 5, "2 minutes");
  for (const char* zone : {"Europe/Berlin1", "XYZ5", "UTC+25", "Europe/Berlin'; SELECT 1"}) {
    CAPTURE(zone);
    const auto bad = cleanup_testing::run_cleanup({{"target", "sessions"}, {"older_than", "0s"}, {"time_zone", zone}},
                                                  {"DATABASE_URL=" + database.url()}, {"--dry-run"});
    CHECK(bad.exit_code == 65);
    CHECK(nlohmann::json::parse(bad.out)["error"]["field"] == "/time_zone");
  }
  for (const char* zone : {"Europe/Berlin", "europe/berlin", "UTC", "EST5EDT"}) {
    CAPTURE(zone);
    const auto good = cleanup_testing::run_cleanup({{"target", "sessions"}, {"older_than", "0s"}, {"time_zone", zone}},
                                                   {"DATABASE_URL=" + database.url()}, {"--dry-run"});
    CHECK(good.exit_code == 0);
  }
  CHECK(database.count("SELECT count(*) FROM \"session\"") == 5);
}
