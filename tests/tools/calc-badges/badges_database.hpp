// A PostgreSQL schema of its own for each calc-badges test, holding the reference schema, so
// that tests running at the same time never see each other's rows; and the calc-badges
// process run against it.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobkit/postgres_connection.hpp"
#include "process.hpp"

namespace calc_badges_testing {

class BadgesDatabase {
 public:
  BadgesDatabase();
  ~BadgesDatabase();  // drops the schema
  BadgesDatabase(const BadgesDatabase&) = delete;
  BadgesDatabase& operator=(const BadgesDatabase&) = delete;

  // DATABASE_URL with search_path set to the test's schema.
  const std::string& url() const { return m_url; }
  // Runs statements separated by ";" at the end of a line; fails the test on an error.
  void run_sql(const std::string& statements);
  // The rows of one query as "a|b|c" lines (NULL as "NULL").
  std::vector<std::string> rows(const std::string& query);

  // The built calc-badges with the job on stdin, DATABASE_URL pointing here.
  jobkit::testing::ProcessOptions calc_badges(const std::string& job, const std::vector<std::string>& arguments = {},
                                              const std::vector<std::string>& environment = {}) const;
  jobkit::testing::ProcessResult run(const std::string& job, const std::vector<std::string>& arguments = {},
                                     const std::vector<std::string>& environment = {}) const;

 private:
  std::string m_schema;
  std::string m_url;
  jobkit::PostgresConnection m_connection;
};

// The result of a run that must have succeeded (fails the test with its log otherwise).
nlohmann::json succeeded(const jobkit::testing::ProcessResult& run);

}  // namespace calc_badges_testing
