// A single-contractor job that revokes a badge while a sweep reads decided on newer facts than
// the sweep's snapshot: the sweep must not award that badge again on its older facts, nor
// announce it. The test holds an earlier contractor's lock so that the sweep has taken its
// snapshot and waits at that batch while the single job revokes.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "badges_database.hpp"
#include "threshold_data.hpp"

using calc_badges_testing::BadgesDatabase;
using calc_badges_testing::succeeded;

namespace {

const char* const notify = R"("notify": {"from": "b@example.com", "profile_url": "https://x/"})";

// calc-badges' lock key of a contractor (queries/lock.sql), held by the test's own session.
std::string contractor_lock(const char* function, int contractor) {
  return std::string("SELECT ") + function + "(hashtext('calc-badges:' || current_schema()), " +
         std::to_string(contractor) + ")";
}

// Waits until another session waits for contractor 100's lock: the sweep then has its snapshot
// and stands before its first batch. The bound only keeps a broken build from hanging the suite.
bool sweep_waits_for_lock(BadgesDatabase& database) {
  const std::string waiting =
      "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = 100 "
      "AND classid = (hashtext('calc-badges:' || current_schema())::bigint & 4294967295)::oid";
  for (int attempt = 0; attempt < 3000; ++attempt) {
    if (database.rows(waiting) == std::vector<std::string>{"1"}) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace

TEST_CASE("calc-badges: a badge revoked by a single job while a sweep reads is not awarded again by the sweep") {
  BadgesDatabase database;
  database.run_sql(calc_badges_testing::threshold_rows());
  // Contractors 100 (no facts, the sweep's first batch) and 101 (top-rated at 4.70) only.
  database.run_sql("DELETE FROM contractors WHERE id > 101;\n"
                   "INSERT INTO contractors (id, user_id, name, category_id, region_id) "
                   "VALUES (100, 100, 'Contractor 100', 1, 1)");
  const std::string single = std::string(R"({"contractor_id": 101, )") + notify + "}";
  REQUIRE(succeeded(database.run(single))["counts"]["awarded"] == 1);

  auto holder = jobkit::PostgresConnection::connect(database.url());
  REQUIRE(holder);
  REQUIRE(holder->execute({"hold lock", contractor_lock("pg_advisory_lock", 100)}));
  jobkit::testing::ChildProcess sweep(
      database.calc_badges(std::string(R"({"scope": "all", "batch_size": 1, )") + notify + "}"));
  REQUIRE(sweep_waits_for_lock(database));
  // Newer facts than the sweep's snapshot: 101 falls below the keep line and its job revokes.
  database.run_sql("UPDATE reviews SET deleted_at = now() WHERE contractor_id = 101 AND rating = 5");
  REQUIRE(succeeded(database.run(single))["counts"]["revoked"] == 1);
  REQUIRE(holder->execute({"release lock", contractor_lock("pg_advisory_unlock", 100)}));

  const auto result = succeeded(sweep.wait());
  CHECK(result["counts"]["awarded"] == 0);
  CHECK(result["changes"] == nlohmann::json::array());
  CHECK_FALSE(result.contains("enqueue"));
  CHECK(database.rows("SELECT count(*) FROM contractor_badges WHERE contractor_id = 101 AND revoked_at IS NULL") ==
        std::vector<std::string>{"0"});
}
