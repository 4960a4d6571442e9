// What the cleanup tests share: a PostgreSQL schema (or a whole database, for time zone
// tests) of their own, SQL helpers, and the built cleanup run as a process.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobkit/postgres_connection.hpp"
#include "process.hpp"

namespace cleanup_testing {

class TestDatabase {
 public:
  enum class Kind { schema, database };
  // A schema in DATABASE_URL's database, or a new database; `settings` are run with ALTER
  // DATABASE ... SET (database only), e.g. "timezone = 'America/New_York'".
  explicit TestDatabase(Kind kind = Kind::schema, const std::string& settings = "");
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // The URL the tool gets: search_path set to the schema, or the new database.
  const std::string& url() const { return m_url; }
  jobkit::PostgresConnection connect() const;
  // Runs statements (one string may hold several); fails the test on error.
  void run(const std::string& sql) const;
  // The first column of the first row as text.
  std::string scalar(const std::string& sql) const;
  std::int64_t count(const std::string& sql) const { return std::stoll(scalar(sql)); }

 private:
  Kind m_kind;
  std::string m_name;
  std::string m_url;
};

// The audit_logs table of the reference schema, plain or partitioned by month (twelve months
// back to two ahead), with or without a DEFAULT partition.
enum class AuditLayout { plain, partitioned, partitioned_with_default };
void create_audit_table(const TestDatabase& database, AuditLayout layout);
// Rows first_id... of age `age` (an interval) minus up to 1000 seconds.
void insert_audit_rows(const TestDatabase& database, std::int64_t first_id, std::int64_t rows, const std::string& age);

// The "id" of every line of every gzip'd NDJSON archive file below folder (hidden
// temporary files of unfinished writes left out).
std::multiset<std::int64_t> archived_ids(const std::filesystem::path& folder);

// cleanup with the job on stdin, against the test services; extra NAME=VALUE variables and
// arguments (--dry-run) as given.
jobkit::testing::ProcessResult run_cleanup(const nlohmann::json& job, const std::vector<std::string>& environment,
                                           const std::vector<std::string>& arguments = {});

// The result document of a run that succeeded; fails the test otherwise.
nlohmann::json result_of(const jobkit::testing::ProcessResult& run);

}  // namespace cleanup_testing
