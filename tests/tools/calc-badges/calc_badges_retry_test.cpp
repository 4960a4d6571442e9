// A job killed after its transaction committed but before queue-runner stored its result is
// run again (the next attempt, same job id and creation time): its follow-up notifications
// must be the same ones, each once, so that BullMQ's job ids keep every award announced once.
#include <doctest/doctest.h>

#include <chrono>
#include <set>

#include <nlohmann/json.hpp>

#include "badges_database.hpp"
#include "threshold_data.hpp"

using calc_badges_testing::BadgesDatabase;
using calc_badges_testing::succeeded;

namespace {

const char* const announcing_sweep =
    R"({"scope": "all", "notify": {"from": "badges@example.com", "profile_url": "https://example.com/{contractor_id}"}})";

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::vector<std::string> job_environment(const std::string& id, std::int64_t created_ms, int attempt) {
  return {"JOB_ID=" + id, "JOB_QUEUE=badges", "JOB_NAME=sweep", "JOB_ATTEMPT=" + std::to_string(attempt),
          "JOB_ATTEMPTS=3", "JOB_TIMESTAMP=" + std::to_string(created_ms)};
}

std::vector<std::string> follow_up_ids(const nlohmann::json& result) {
  std::vector<std::string> ids;
  for (const auto& job : result.value("enqueue", nlohmann::json::array())) ids.push_back(job["opts"]["jobId"]);
  return ids;
}

}  // namespace

TEST_CASE("calc-badges: a retried job after a kill between commit and result enqueues each notification once") {
  BadgesDatabase database;
  database.run_sql(calc_badges_testing::threshold_rows());
  const std::int64_t created = now_ms() - 60000;
  // Attempt 1 commits its awards; its result is never stored, as when the process is killed
  // between COMMIT and writing stdout.
  const auto lost = succeeded(database.run(announcing_sweep, {}, job_environment("sweep-1", created, 1)));
  REQUIRE(lost["counts"]["awarded"] == 5);
  const auto retried = succeeded(database.run(announcing_sweep, {}, job_environment("sweep-1", created, 2)));
  CHECK(retried["counts"]["awarded"] == 0);
  const auto ids = follow_up_ids(retried);
  CHECK(ids.size() == 5);
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size());
  CHECK(ids == follow_up_ids(lost));
  // A new job (created after those awards) announces none of them again.
  const auto next = succeeded(database.run(announcing_sweep, {}, job_environment("sweep-2", now_ms(), 1)));
  CHECK(follow_up_ids(next).empty());
}

TEST_CASE("calc-badges: a revoked and re-awarded badge is announced under a new job id") {
  BadgesDatabase database;
  database.run_sql(calc_badges_testing::threshold_rows());
  const char* const single = R"({"contractor_id": 101, "notify": {"from": "b@example.com", "profile_url": "https://x/"}})";
  const auto first = follow_up_ids(succeeded(database.run(single)));
  database.run_sql("UPDATE reviews SET deleted_at = now() WHERE contractor_id = 101 AND rating = 5");
  REQUIRE(succeeded(database.run(single))["counts"]["revoked"] == 1);
  database.run_sql("UPDATE reviews SET deleted_at = NULL WHERE contractor_id = 101");
  const auto second = follow_up_ids(succeeded(database.run(single)));
  REQUIRE(first.size() == 1);
  REQUIRE(second.size() == 1);
  CHECK(first != second);
}

TEST_CASE("calc-badges: at most notify.max awards are announced and the same ones on a retry while the rest are counted") {
  BadgesDatabase database;
  database.run_sql(calc_badges_testing::threshold_rows());
  const char* const capped =
      R"({"scope": "all", "notify": {"from": "b@example.com", "profile_url": "https://x/", "max": 2}})";
  const std::int64_t created = now_ms() - 60000;
  const auto first = succeeded(database.run(capped, {}, job_environment("sweep-3", created, 1)));
  REQUIRE(first["counts"]["awarded"] == 5);
  CHECK(follow_up_ids(first).size() == 2);
  CHECK(first["not_announced"] == 3);
  const auto retried = succeeded(database.run(capped, {}, job_environment("sweep-3", created, 2)));
  CHECK(follow_up_ids(retried) == follow_up_ids(first));
  CHECK(retried["not_announced"] == 3);
  const auto all = succeeded(database.run(announcing_sweep, {}, job_environment("sweep-3", created, 3)));
  CHECK(follow_up_ids(all).size() == 5);
  CHECK(all["not_announced"] == 0);
}
