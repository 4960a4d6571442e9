// A cleanup killed mid-run (SIGKILL, between or inside batches) loses nothing it should keep:
// the new rows all stay, every deleted row is in an archive file, and a re-run finishes.
#include <doctest/doctest.h>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "cleanup_fixture.hpp"
#include "temp_dir.hpp"

TEST_CASE("cleanup audit-logs killed mid-run keeps every new row and archived every deleted one") {
  cleanup_testing::TestDatabase database;
  jobkit::testing::TempDir storage;
  cleanup_testing::create_audit_table(database, cleanup_testing::AuditLayout::plain);
  cleanup_testing::insert_audit_rows(database, 1, 20000, "100 days");
  cleanup_testing::insert_audit_rows(database, 20001, 3000, "1 day");
  const nlohmann::json job = {{"target", "audit-logs"}, {"older_than", "90d"}, {"batch_size", 500}, {"pause", "50ms"},
                              {"archive", {{"folder", "archive"}, {"rows_per_file", 4000}}}};
  const std::vector<std::string> environment{"DATABASE_URL=" + database.url(), "STORAGE_DIR=" + storage.path().string()};
  {
    jobkit::testing::ChildProcess cleanup({.argv = {jobkit::testing::built_program("cleanup").string()},
                                           .input = job.dump(), .environment = environment});
    // Kill it once a few batches are gone, well before the end.
    for (int polls = 0; polls < 2000 && database.count("SELECT count(*) FROM audit_logs") > 21000; ++polls) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    cleanup.send_signal(SIGKILL);
    const auto killed = cleanup.wait();
    REQUIRE(killed.signal == SIGKILL);
  }
  const std::int64_t left_old = database.count("SELECT count(*) FROM audit_logs WHERE id <= 20000");
  CHECK(left_old > 0);
  CHECK(left_old < 20000);
  CHECK(database.count("SELECT count(*) FROM audit_logs WHERE id > 20000") == 3000);
  {
    // Every row already deleted is in a finished archive file.
    const auto ids = cleanup_testing::archived_ids(storage.path() / "archive");
    const std::set<std::int64_t> archived(ids.begin(), ids.end());
    const auto connection_rows = database.scalar("SELECT string_agg(id::text, ',') FROM audit_logs WHERE id <= 20000");
    std::set<std::int64_t> present;
    for (std::size_t start = 0; start < connection_rows.size();) {
      const std::size_t end = std::min(connection_rows.find(',', start), connection_rows.size());
      present.insert(std::stoll(connection_rows.substr(start, end - start)));
      start = end + 1;
    }
    std::int64_t lost = 0;
    for (std::int64_t id = 1; id <= 20000; ++id) lost += !present.contains(id) && !archived.contains(id) ? 1 : 0;
    CHECK(lost == 0);
  }
  const auto rerun = cleanup_testing::result_of(cleanup_testing::run_cleanup(job, environment));
  CHECK(rerun["removed"] == left_old);
  CHECK(database.count("SELECT count(*) FROM audit_logs") == 3000);
  const auto ids = cleanup_testing::archived_ids(storage.path() / "archive");
  CHECK(std::set<std::int64_t>(ids.begin(), ids.end()).size() == 20000);
  CHECK(*ids.rbegin() == 20000);
}

TEST_CASE("cleanup audit-logs stopped between a partition's detach and its drop: the next run drops it") {
  cleanup_testing::TestDatabase database;
  cleanup_testing::create_audit_table(database, cleanup_testing::AuditLayout::partitioned);
  cleanup_testing::insert_audit_rows(database, 1, 1000, "300 days");
  cleanup_testing::insert_audit_rows(database, 1001, 600, "10 days");
  const std::string droppable =
      "FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_logs'::regclass "
      "AND (substring(pg_get_expr(c.relpartbound, c.oid) from 'TO \\(''([^'']+)''\\)'))::timestamptz "
      "<= now() - interval '90 days'";
  // The partition of the old rows.
  const std::string first = database.scalar("SELECT tableoid::regclass::text FROM audit_logs WHERE id = 1");
  const std::int64_t partitions = database.count("SELECT count(*) " + droppable);
  REQUIRE(partitions >= 8);
  jobkit::testing::TempDir storage;
  const nlohmann::json job = {{"target", "audit-logs"}, {"older_than", "90d"}, {"pause", "0ms"},
                              {"archive", {{"folder", "archive"}}}};
  const std::vector<std::string> environment{"DATABASE_URL=" + database.url(), "STORAGE_DIR=" + storage.path().string()};
  // A view on that partition lets its detach through and refuses its drop: the run stops
  // between the two, as a run killed there does (a lock would hold up the detach as well).
  database.run("CREATE VIEW old_month AS SELECT id FROM " + first);
  const auto stopped = cleanup_testing::run_cleanup(job, environment);
  REQUIRE(stopped.exit_code != 0);
  REQUIRE(database.count("SELECT count(*) FROM pg_inherits WHERE inhrelid = '" + first + "'::regclass") == 0);
  database.run("DROP VIEW old_month");

  const auto rerun = cleanup_testing::result_of(cleanup_testing::run_cleanup(job, environment));
  CHECK(database.count("SELECT count(*) FROM pg_class WHERE relname = '" + first +
                       "' AND relnamespace = current_schema()::regnamespace") == 0);
  CHECK(database.count("SELECT count(*) " + droppable) == 0);
  CHECK(std::count(rerun["partitions_dropped"].begin(), rerun["partitions_dropped"].end(), first) == 1);
  CHECK(rerun["removed"] == 1000);
  CHECK(database.count("SELECT count(*) FROM audit_logs") == 600);
  // Archived once, by the run that detached it.
  const auto ids = cleanup_testing::archived_ids(storage.path() / "archive");
  CHECK(ids.size() == 1000);
  CHECK(std::set<std::int64_t>(ids.begin(), ids.end()).size() == 1000);
}
