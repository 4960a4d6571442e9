// calc-badges through queue-runner's fork server: the spare forked ahead for the next job
// opens that job's PostgreSQL connection while it waits. The job must take exactly that
// connection when it is for the job's own URL and libpq variables, and never one that was
// made for other credentials or that the server has closed meanwhile.
#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "badges_database.hpp"
#include "jobkit/random.hpp"
#include "process.hpp"
#include "threshold_data.hpp"
#include "tool_fork_server.hpp"
#include "tool_process.hpp"

using calc_badges_testing::BadgesDatabase;

namespace {

const std::string k_opened_ahead = "was opened while the job's process waited";

// A fork server of calc-badges for the test's schema; its connections carry a name of their
// own, so that the test finds the spare's among those of other tests.
struct ForkedBadges {
  BadgesDatabase database;
  std::string application = "badges_fork_" + jobkit::random_hex(8);
  std::string url = database.url() + "&application_name=" + application;
  std::unique_ptr<queue_runner::ToolForkServer> server;

  ForkedBadges() {
    database.run_sql(calc_badges_testing::threshold_rows());
    server = queue_runner::ToolForkServer::start(program(), {"DATABASE_URL=" + url});
    REQUIRE(server != nullptr);
  }

  static std::string program() { return jobkit::testing::built_program("calc-badges").string(); }

  queue_runner::ToolOutcome run(const std::string& job, std::vector<std::string> environment = {}) {
    queue_runner::ToolInvocation invocation;
    invocation.argv = {program(), "--log-level", "debug"};
    invocation.environment = std::move(environment);
    if (invocation.environment.empty()) invocation.environment = {"DATABASE_URL=" + url};
    invocation.input = job;
    invocation.fork_server = server.get();
    return queue_runner::run_tool_process(invocation);
  }

  // Ends a backend as an administrator or a restart would, and waits until it has gone: its
  // FATAL has been sent and its end of the connection closed before the next job is sent.
  void end_backend(const std::string& pid) {
    database.rows("SELECT pg_terminate_backend(" + pid + ")");
    for (int attempt = 0; attempt < 200; ++attempt) {
      if (database.rows("SELECT 1 FROM pg_stat_activity WHERE pid = " + pid).empty()) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    FAIL("backend ", pid, " did not end within 5 s");
  }

  // The backends of this test's connections that sit idle, waiting up to 10 s for `count`
  // of them, none of them `other`.
  std::vector<std::string> idle_backends(std::size_t count = 1, const std::string& other = "") {
    std::vector<std::string> found;
    for (int attempt = 0; attempt < 200; ++attempt) {
      found = database.rows("SELECT pid FROM pg_stat_activity WHERE state = 'idle' AND application_name = '" +
                            application + "' AND pid::text <> '" + other + "' ORDER BY pid");
      if (found.size() == count) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return found;
  }
};

std::string log_of(const queue_runner::ToolOutcome& outcome) {
  std::string log;
  for (const std::string& line : outcome.stderr_tail) log += line + "\n";
  return log;
}

nlohmann::json succeeded(const queue_runner::ToolOutcome& outcome) {
  INFO(outcome.output, "\n", log_of(outcome), outcome.error);
  REQUIRE(outcome.end == queue_runner::ToolEnd::exited);
  REQUIRE(outcome.exit_code == 0);
  return nlohmann::json::parse(outcome.output);
}

std::string everyone(BadgesDatabase& database) {
  nlohmann::json ids = nlohmann::json::array();
  for (const std::string& id : database.rows("SELECT id FROM contractors ORDER BY id")) ids.push_back(std::stoll(id));
  return nlohmann::json({{"contractor_ids", ids}}).dump();
}

// The URL with its password replaced.
std::string with_wrong_password(const std::string& url) {
  const auto user = url.find("://") + 3;
  const auto at = url.find('@', user);
  const auto colon = url.find(':', user);
  REQUIRE_MESSAGE((at != std::string::npos && colon < at), "the suite's DATABASE_URL carries no password: ", url);
  return url.substr(0, colon + 1) + "not-the-password" + url.substr(at);
}

}  // namespace

TEST_CASE("calc-badges --fork-server: the job runs on the connection its spare opened and leaves one idle") {
  ForkedBadges forked;
  const auto spare = forked.idle_backends();
  REQUIRE(spare.size() == 1);
  // The spare parses the job's statements meanwhile: the last of them is the backend's last query.
  bool parsed = false;
  for (int attempt = 0; attempt < 200 && !parsed; ++attempt) {
    parsed = forked.database.rows("SELECT 1 FROM pg_stat_activity WHERE pid = " + spare.front() +
                                  " AND query LIKE '-- calc-badges: category_sizes.sql for the categories%'")
                 .size() == 1;
    if (!parsed) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  CHECK(parsed);
  const auto outcome = forked.run(everyone(forked.database));
  const auto result = succeeded(outcome);
  CHECK(result["counts"] == nlohmann::json({{"awarded", 5}, {"revoked", 5}}));
  CHECK(forked.database.rows("SELECT contractor_id, badge_slug, source FROM contractor_badges "
                             "WHERE revoked_at IS NULL ORDER BY contractor_id, badge_slug") ==
        calc_badges_testing::expected_open_rows());
  CHECK(log_of(outcome).find("(backend " + spare.front() + ") " + k_opened_ahead) != std::string::npos);

  // The next spare has opened its own; the job's connection is closed, none piles up.
  const auto next = forked.idle_backends(1, spare.front());
  REQUIRE(next.size() == 1);
  for (int job = 0; job < 3; ++job) succeeded(forked.run(everyone(forked.database)));
  CHECK(forked.idle_backends().size() == 1);
}

TEST_CASE("calc-badges --fork-server: a job with other credentials or libpq variables connects itself") {
  ForkedBadges forked;
  REQUIRE(forked.idle_backends().size() == 1);
  const char* const badge_rows = "SELECT count(*), count(revoked_at) FROM contractor_badges";
  const auto before = forked.database.rows(badge_rows);
  const auto refused = forked.run(everyone(forked.database), {"DATABASE_URL=" + with_wrong_password(forked.url)});
  INFO(log_of(refused));
  CHECK(refused.exit_code == 69);
  CHECK(forked.database.rows(badge_rows) == before);

  REQUIRE(forked.idle_backends().size() == 1);
  const auto own = forked.run(everyone(forked.database), {"DATABASE_URL=" + forked.url, "PGCONNECT_TIMEOUT=7"});
  succeeded(own);
  CHECK(log_of(own).find(k_opened_ahead) == std::string::npos);
}

TEST_CASE("calc-badges --fork-server: a connection the server closed is opened again or dropped but never handed on") {
  ForkedBadges forked;
  const auto spare = forked.idle_backends();
  REQUIRE(spare.size() == 1);
  // Ready for over a second when the server ends it: the spare opens another.
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  forked.end_backend(spare.front());
  const auto reopened = forked.idle_backends(1, spare.front());
  REQUIRE(reopened.size() == 1);
  const auto outcome = forked.run(everyone(forked.database));
  succeeded(outcome);
  CHECK(log_of(outcome).find("(backend " + reopened.front() + ") " + k_opened_ahead) != std::string::npos);

  // Ended at once: dropped (or, on a slow machine, opened again); the job still runs, never on
  // the ended one.
  const auto next = forked.idle_backends(1, reopened.front());
  REQUIRE(next.size() == 1);
  forked.end_backend(next.front());
  const auto after = forked.run(everyone(forked.database));
  succeeded(after);
  CHECK(log_of(after).find("(backend " + next.front() + ")") == std::string::npos);
}
