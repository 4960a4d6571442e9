// A schema of its own in the private PostgreSQL for each test (the reference schema loaded
// into it), so that tests running at the same time never see each other's rows, and the
// calc-rankings process run against it with a Redis key prefix of its own.
#pragma once

#include <string>
#include <vector>

#include "jobkit/postgres_connection.hpp"
#include "process.hpp"

namespace calc_rankings_testing {

class RankingsDatabase {
 public:
  RankingsDatabase();
  ~RankingsDatabase();  // drops the schema
  RankingsDatabase(const RankingsDatabase&) = delete;
  RankingsDatabase& operator=(const RankingsDatabase&) = delete;

  // DATABASE_URL with search_path set to the test's schema.
  const std::string& url() const { return m_url; }
  const std::string& schema() const { return m_schema; }
  // A Redis key prefix unique to this test.
  const std::string& key_prefix() const { return m_key_prefix; }
  // Runs SQL text (several statements) through psql; fails the test on error.
  void run_sql(const std::string& sql) const;
  // Runs a SQL file through psql with -v NAME=VALUE variables; fails the test on error.
  void run_sql_file(const std::string& path, const std::vector<std::string>& variables) const;
  jobkit::PostgresConnection connect() const;

 private:
  std::string m_schema;
  std::string m_url;
  std::string m_key_prefix;
};

// Runs the built calc-rankings with the job on stdin against the database and the test Redis.
jobkit::testing::ProcessResult run_calc_rankings(const RankingsDatabase& database, const std::string& job,
                                                 const std::vector<std::string>& arguments = {},
                                                 const std::vector<std::string>& environment = {});

// The rows of a query as "a|b|c" lines, for comparisons.
std::vector<std::string> query_lines(jobkit::PostgresConnection& connection, const std::string& sql);

}  // namespace calc_rankings_testing
