// The audit-logs target against the private PostgreSQL: exactly the old rows go, counted
// before and after; partitions older than the threshold go whole; archives hold every row
// deleted; a dry run and a run at its time limit behave.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>

#include "cleanup_fixture.hpp"
#include "services.hpp"
#include "temp_dir.hpp"

namespace {

using cleanup_testing::TestDatabase;

nlohmann::json audit_job(const nlohmann::json& extra = nlohmann::json::object()) {
  nlohmann::json job = {{"target", "audit-logs"}, {"older_than", "90d"}, {"batch_size", 300}, {"pause", "0ms"}};
  job.update(extra);
  return job;
}

// A plain audit table with old rows (ids 1..old_rows, `old_age` old) and rows of a day ago after them.
void seed_plain_table(const TestDatabase& database, std::int64_t old_rows, const char* old_age, std::int64_t new_rows) {
  cleanup_testing::create_audit_table(database, cleanup_testing::AuditLayout::plain);
  cleanup_testing::insert_audit_rows(database, 1, old_rows, old_age);
  cleanup_testing::insert_audit_rows(database, old_rows + 1, new_rows, "1 day");
}

std::vector<std::string> database_environment(const TestDatabase& database) {
  return {"DATABASE_URL=" + database.url()};
}

}  // namespace

TEST_CASE("cleanup audit-logs deletes exactly the rows older than the threshold in batches") {
  TestDatabase database;
  cleanup_testing::create_audit_table(database, cleanup_testing::AuditLayout::plain);
  cleanup_testing::insert_audit_rows(database, 1, 2000, "120 days");
  cleanup_testing::insert_audit_rows(database, 2001, 1000, "30 days");
  // Rows a day either side of the threshold.
  cleanup_testing::insert_audit_rows(database, 3001, 5, "91 days");
  database.run("INSERT INTO audit_logs (id, action, created_at) VALUES (4001, 'edge', now() - interval '89 days')");
  REQUIRE(database.count("SELECT count(*) FROM audit_logs") == 3006);

  const auto result = cleanup_testing::result_of(cleanup_testing::run_cleanup(audit_job(), database_environment(database)));
  CHECK(result["target"] == "audit-logs");
  CHECK(result["removed"] == 2005);
  CHECK(result["batches"].get<int>() >= 7);
  CHECK(result["stopped_at_time_limit"] == false);
  CHECK(result["longest_batch_ms"].get<std::int64_t>() >= 0);
  CHECK(database.count("SELECT count(*) FROM audit_logs WHERE created_at < now() - interval '90 days'") == 0);
  CHECK(database.count("SELECT count(*) FROM audit_logs") == 1001);
  CHECK(database.count("SELECT count(*) FROM audit_logs WHERE id BETWEEN 2001 AND 3000 OR id = 4001") == 1001);
}

TEST_CASE("cleanup audit-logs dry run counts what would go and changes nothing") {
  TestDatabase database;
  seed_plain_table(database, 700, "200 days", 300);
  const auto result =
      cleanup_testing::result_of(cleanup_testing::run_cleanup(audit_job(), database_environment(database), {"--dry-run"}));
  CHECK(result["dry_run"] == true);
  CHECK(result["removed"] == 700);
  CHECK(database.count("SELECT count(*) FROM audit_logs") == 1000);
}

namespace {

void check_partition_cleanup(cleanup_testing::AuditLayout layout, const char* detach) {
  TestDatabase database;
  cleanup_testing::create_audit_table(database, layout);
  cleanup_testing::insert_audit_rows(database, 1, 1000, "300 days");
  cleanup_testing::insert_audit_rows(database, 1001, 1000, "200 days");
  cleanup_testing::insert_audit_rows(database, 2001, 400, "95 days");
  cleanup_testing::insert_audit_rows(database, 2401, 600, "10 days");
  const std::string old_partitions =
      "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
      "WHERE i.inhparent = 'audit_logs'::regclass "
      "AND (substring(pg_get_expr(c.relpartbound, c.oid) from 'TO \\(''([^'']+)''\\)'))::timestamptz "
      "<= now() - interval '90 days'";
  const std::int64_t droppable = database.count(old_partitions);
  REQUIRE(droppable >= 8);
  const std::int64_t partitions_before = database.count("SELECT count(*) FROM pg_inherits WHERE inhparent = 'audit_logs'::regclass");

  const auto result = cleanup_testing::result_of(cleanup_testing::run_cleanup(audit_job(), database_environment(database)));
  CHECK(result["removed"] == 2400);
  CHECK(result["detach"] == detach);
  CHECK(result["partitions_dropped"].size() == static_cast<std::size_t>(droppable));
  CHECK(database.count(old_partitions) == 0);
  CHECK(database.count("SELECT count(*) FROM pg_inherits WHERE inhparent = 'audit_logs'::regclass") ==
        partitions_before - droppable);
  // The dropped partitions are gone, not left detached.
  CHECK(database.count("SELECT count(*) FROM pg_class WHERE relname LIKE 'audit_logs_m%' AND relkind = 'r' "
                        "AND relnamespace = current_schema()::regnamespace") ==
        partitions_before - droppable - (detach == std::string("plain") ? 1 : 0));
  CHECK(database.count("SELECT count(*) FROM audit_logs") == 600);
  CHECK(database.count("SELECT min(id) FROM audit_logs") == 2401);
}

}  // namespace

TEST_CASE("cleanup audit-logs drops whole partitions older than the threshold and deletes in the boundary one") {
  check_partition_cleanup(cleanup_testing::AuditLayout::partitioned, "concurrently");
}

TEST_CASE("cleanup audit-logs detaches partitions without CONCURRENTLY when a default partition exists") {
  check_partition_cleanup(cleanup_testing::AuditLayout::partitioned_with_default, "plain");
}

TEST_CASE("cleanup audit-logs archives every row before deleting it") {
  TestDatabase database;
  jobkit::testing::TempDir storage;
  seed_plain_table(database, 2500, "100 days", 500);
  auto environment = database_environment(database);
  environment.push_back("STORAGE_DIR=" + storage.path().string());
  const auto result = cleanup_testing::result_of(cleanup_testing::run_cleanup(
      audit_job({{"archive", {{"folder", "archive/audit"}, {"rows_per_file", 1000}}}}), environment));
  CHECK(result["removed"] == 2500);
  CHECK(result["archived"] == 2500);
  CHECK(result["archive_files"].size() == 3);
  const auto ids = cleanup_testing::archived_ids(storage.path() / "archive/audit");
  CHECK(ids.size() == 2500);
  CHECK(std::set<std::int64_t>(ids.begin(), ids.end()).size() == 2500);
  CHECK(*ids.begin() == 1);
  CHECK(*ids.rbegin() == 2500);
  CHECK(database.count("SELECT count(*) FROM audit_logs") == 500);
}

TEST_CASE("cleanup audit-logs stops at its time limit with what it did and the next run continues") {
  TestDatabase database;
  seed_plain_table(database, 3000, "100 days", 100);
  const auto first = cleanup_testing::result_of(cleanup_testing::run_cleanup(
      audit_job({{"batch_size", 100}, {"pause", "200ms"}, {"max_runtime", "1s"}}), database_environment(database)));
  CHECK(first["stopped_at_time_limit"] == true);
  const std::int64_t removed = first["removed"].get<std::int64_t>();
  CHECK(removed > 0);
  CHECK(removed < 3000);
  CHECK(database.count("SELECT count(*) FROM audit_logs") == 3100 - removed);
  const auto second = cleanup_testing::result_of(cleanup_testing::run_cleanup(audit_job(), database_environment(database)));
  CHECK(second["removed"] == 3000 - removed);
  CHECK(second["stopped_at_time_limit"] == false);
  CHECK(database.count("SELECT count(*) FROM audit_logs") == 100);
}

TEST_CASE("cleanup audit-logs stops at max_runtime also in the middle of a long pause") {
  TestDatabase database;
  seed_plain_table(database, 300, "100 days", 10);
  // An hour's pause after the first batch; the run must still end at its 1 s limit (the
  // harness gives up on a child after 60 s, so a pause that ignores the limit fails here).
  const auto result = cleanup_testing::result_of(cleanup_testing::run_cleanup(
      audit_job({{"batch_size", 100}, {"pause", "1h"}, {"max_runtime", "1s"}}), database_environment(database)));
  CHECK(result["stopped_at_time_limit"] == true);
  CHECK(result["removed"].get<std::int64_t>() >= 100);
  CHECK(result["removed"].get<std::int64_t>() < 300);
}
