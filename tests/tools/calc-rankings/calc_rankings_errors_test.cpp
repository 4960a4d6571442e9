// calc-rankings' failures against the real services: a missing table, PostgreSQL not there,
// a second run while one holds the lock.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "hand_checked_data.hpp"
#include "rankings_database.hpp"
#include "services.hpp"
#include "temp_dir.hpp"

using calc_rankings_testing::RankingsDatabase;
using calc_rankings_testing::run_calc_rankings;

namespace {

std::string prefixed_job(const RankingsDatabase& database) {
  return R"({"as_of": "2026-11-28T00:00:00Z", "publish": {"key_prefix": ")" + database.key_prefix() + "\"}}";
}

}  // namespace

TEST_CASE("calc-rankings: a missing table is invalid data naming the query file") {
  RankingsDatabase database;
  database.run_sql(calc_rankings_testing::hand_checked_rows() + "DROP TABLE bookings;");
  const auto run = run_calc_rankings(database, prefixed_job(database));
  CHECK(run.exit_code == 65);
  const auto error = nlohmann::json::parse(run.out)["error"];
  CHECK(error["code"] == "query_mismatch");
  CHECK(error["message"].get<std::string>().find("queries/bookings.sql") != std::string::npos);
  CHECK(error["message"].get<std::string>().find("42P01") != std::string::npos);
}

TEST_CASE("calc-rankings: an operator query file replaces the shipped one") {
  RankingsDatabase database;
  database.run_sql(calc_rankings_testing::hand_checked_rows());
  jobkit::testing::TempDir queries;
  const auto shipped = jobkit::testing::built_program("calc-rankings").parent_path() / "../share/jobkit/calc-rankings/queries";
  std::filesystem::copy(shipped, queries.path(), std::filesystem::copy_options::recursive);
  // A query that names a column the table lacks: the error names the operator's file.
  std::ofstream(queries.path() / "contractors.sql") << "SELECT id, category_id, region FROM contractors WHERE $1::bigint[] IS NULL\n";
  const auto run = run_calc_rankings(database, prefixed_job(database), {"--queries", queries.path().string()});
  CHECK(run.exit_code == 65);
  CHECK(run.out.find((queries.path() / "contractors.sql").string()) != std::string::npos);
  CHECK(run.out.find("42703") != std::string::npos);
}

TEST_CASE("calc-rankings: PostgreSQL not reachable is temporary") {
  RankingsDatabase database;
  const auto run = jobkit::testing::run_process(
      {.argv = {jobkit::testing::built_program("calc-rankings").string()},
       .input = prefixed_job(database),
       .environment = {"DATABASE_URL=postgresql://jobkit:not-shown@127.0.0.1:1/jobkit",
                       "REDIS_URL=" + jobkit::testing::required_service_variable("REDIS_URL")}});
  CHECK(run.exit_code == 75);
  CHECK(run.out.find("postgres_unreachable") != std::string::npos);
  CHECK(run.out.find("not-shown") == std::string::npos);
  CHECK(run.err.find("not-shown") == std::string::npos);
}

TEST_CASE("calc-rankings: a second run while the first holds the lock exits 75 and writes nothing") {
  RankingsDatabase database;
  database.run_sql(calc_rankings_testing::hand_checked_rows());
  auto holder = database.connect();
  auto locked = holder.execute({"hold", "SELECT pg_try_advisory_lock(hashtext('calc-rankings'), hashtext(current_schema()))"});
  REQUIRE(locked.ok());
  REQUIRE(locked->rows().text(0, 0) == "t");
  const auto run = run_calc_rankings(database, prefixed_job(database));
  CHECK(run.exit_code == 75);
  CHECK(run.out.find("rankings_locked") != std::string::npos);
  auto reader = database.connect();
  CHECK(calc_rankings_testing::query_lines(reader, "SELECT count(*) FROM contractor_rankings") ==
        std::vector<std::string>{"0"});
  REQUIRE(holder.execute({"release", "SELECT pg_advisory_unlock_all()"}).ok());
  CHECK(run_calc_rankings(database, prefixed_job(database)).exit_code == 0);
}
