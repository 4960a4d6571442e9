// The live-site test: while cleanup deletes 1,000,000 old audit rows, a writer inserts audit
// rows and updates sessions in a loop, timing every statement. None may fail, and none may
// wait longer than the batches' lock_timeout (the bound the issue asks for).
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "cleanup_fixture.hpp"

namespace {

using cleanup_testing::TestDatabase;
using Clock = std::chrono::steady_clock;

// 1,000,000 in the Release build; the sanitizer build, run in the same CI, deletes fewer
// (CMakeLists.txt sets it), to keep the suite's time.
constexpr std::int64_t k_old_rows = CLEANUP_LIVE_SITE_ROWS;
constexpr std::int64_t k_sessions = 1000;

struct WriterLog {
  std::vector<double> latencies_ms;
  std::int64_t failures = 0;
  std::int64_t inserted = 0;
  std::string first_failure;
};

// Runs on its own thread: no test macro here, every failure is counted in the log.
void write_until(jobkit::PostgresConnection& connection, const std::atomic<bool>& stop, WriterLog& log) {
  const jobkit::SqlQuery insert{"live insert",
                                "INSERT INTO audit_logs (id, actor_id, action, entity, entity_id, details, created_at) "
                                "VALUES ($1, 7, 'login', 'user', 7, '{}', now())"};
  const jobkit::SqlQuery touch{"live session", "UPDATE \"session\" SET expire = LOCALTIMESTAMP + interval '1 day' "
                                               "WHERE sid = $1"};
  for (std::int64_t i = 0; !stop.load(); ++i) {
    for (int kind = 0; kind < 2; ++kind) {
      const auto started = Clock::now();
      const auto done = kind == 0 ? connection.execute(insert, {std::to_string(10'000'000 + i)})
                                  : connection.execute(touch, {"live-" + std::to_string(i % k_sessions)});
      log.latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
      if (!done) {
        if (log.failures++ == 0) log.first_failure = done.error().message;
      } else if (kind == 0) {
        ++log.inserted;
      }
    }
  }
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<std::size_t>(p * static_cast<double>(values.size())))];
}

}  // namespace

TEST_CASE("cleanup audit-logs on a live site: the writer never fails nor waits past lock_timeout") {
  TestDatabase database;
  cleanup_testing::create_audit_table(database, cleanup_testing::AuditLayout::plain);
  cleanup_testing::insert_audit_rows(database, 1, k_old_rows, "400 days");
  cleanup_testing::insert_audit_rows(database, k_old_rows + 1, 5000, "1 day");
  database.run("CREATE TABLE \"session\" (\"sid\" varchar NOT NULL COLLATE \"default\", \"sess\" json NOT NULL, "
               "\"expire\" timestamp(6) NOT NULL, PRIMARY KEY (sid)); "
               "INSERT INTO \"session\" SELECT 'live-' || g, '{}', LOCALTIMESTAMP FROM generate_series(0, 999) g; "
               "ANALYZE audit_logs");

  const std::chrono::milliseconds lock_timeout(2000);
  std::atomic<bool> stop{false};
  WriterLog log;
  auto connection = database.connect();
  std::thread writer([&] {
    try {
      write_until(connection, stop, log);
    } catch (const std::exception& error) {
      ++log.failures;
      log.first_failure = error.what();
    }
  });
  const nlohmann::json job = {{"target", "audit-logs"}, {"older_than", "90d"}, {"batch_size", 5000},
                              {"pause", "10ms"}, {"lock_timeout", "2s"}, {"max_runtime", "10m"}};
  jobkit::testing::ChildProcess cleanup(
      {.argv = {jobkit::testing::built_program("cleanup").string()}, .input = job.dump(),
       .environment = {"DATABASE_URL=" + database.url()}});
  const auto run = cleanup.wait(std::chrono::minutes(5));
  stop = true;
  writer.join();

  const auto result = cleanup_testing::result_of(run);
  MESSAGE("removed " << result["removed"] << " in " << result["batches"] << " batches, " << result["duration_ms"]
                     << " ms, longest batch " << result["longest_batch_ms"] << " ms; writer: "
                     << log.latencies_ms.size() << " statements, p50 " << percentile(log.latencies_ms, 0.5)
                     << " ms, p99 " << percentile(log.latencies_ms, 0.99) << " ms, worst "
                     << percentile(log.latencies_ms, 1.0) << " ms");
  CHECK(result["removed"] == k_old_rows);
  CHECK(result["stopped_at_time_limit"] == false);
  CHECK_MESSAGE(log.failures == 0, log.first_failure);
  CHECK(log.latencies_ms.size() > 100);
  CHECK(percentile(log.latencies_ms, 1.0) < static_cast<double>(lock_timeout.count()));
  CHECK(database.count("SELECT count(*) FROM audit_logs") == 5000 + log.inserted);
  CHECK(database.count("SELECT count(*) FROM \"session\"") == k_sessions);
}
