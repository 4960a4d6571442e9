#include "rankings_database.hpp"

#include <doctest/doctest.h>

#include "jobkit/random.hpp"
#include "services.hpp"
#include "temp_dir.hpp"

#include <fstream>

namespace calc_rankings_testing {
namespace {

jobkit::testing::ProcessResult run_psql(const std::string& url, const std::vector<std::string>& arguments) {
  std::vector<std::string> argv{"/usr/bin/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  return jobkit::testing::run_process({.argv = argv});
}

}  // namespace

RankingsDatabase::RankingsDatabase()
    : m_schema("rankings_" + jobkit::random_hex(12)), m_key_prefix("test-rankings-" + jobkit::random_hex(8)) {
  const std::string base = jobkit::testing::required_service_variable("DATABASE_URL");
  const auto created = run_psql(base, {"-c", "CREATE SCHEMA " + m_schema});
  REQUIRE_MESSAGE(created.exit_code == 0, created.err);
  m_url = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + m_schema;
  const auto loaded = run_psql(m_url, {"-f", JOBKIT_PLATFORM_SCHEMA});
  REQUIRE_MESSAGE(loaded.exit_code == 0, loaded.err);
}

RankingsDatabase::~RankingsDatabase() {
  run_psql(jobkit::testing::required_service_variable("DATABASE_URL"), {"-c", "DROP SCHEMA " + m_schema + " CASCADE"});
}

void RankingsDatabase::run_sql(const std::string& sql) const {
  jobkit::testing::TempDir folder;
  const auto file = folder.path() / "seed.sql";
  std::ofstream(file) << sql;
  const auto result = run_psql(m_url, {"-f", file.string()});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
}

void RankingsDatabase::run_sql_file(const std::string& path, const std::vector<std::string>& variables) const {
  std::vector<std::string> arguments;
  for (const auto& variable : variables) {
    arguments.push_back("-v");
    arguments.push_back(variable);
  }
  arguments.push_back("-f");
  arguments.push_back(path);
  const auto result = run_psql(m_url, arguments);
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
}

jobkit::PostgresConnection RankingsDatabase::connect() const {
  auto connection = jobkit::PostgresConnection::connect(m_url);
  REQUIRE_MESSAGE(connection.ok(), connection.error().message);
  return std::move(connection).value();
}

jobkit::testing::ProcessResult run_calc_rankings(const RankingsDatabase& database, const std::string& job,
                                                 const std::vector<std::string>& arguments,
                                                 const std::vector<std::string>& environment) {
  std::vector<std::string> argv{jobkit::testing::built_program("calc-rankings").string()};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  std::vector<std::string> variables{"DATABASE_URL=" + database.url(),
                                     "REDIS_URL=" + jobkit::testing::required_service_variable("REDIS_URL")};
  variables.insert(variables.end(), environment.begin(), environment.end());
  return jobkit::testing::run_process({.argv = argv, .input = job, .environment = variables});
}

std::vector<std::string> query_lines(jobkit::PostgresConnection& connection, const std::string& sql) {
  auto result = connection.execute({"test query", sql});
  REQUIRE_MESSAGE(result.ok(), result.error().message);
  std::vector<std::string> lines;
  const auto rows = result->rows();
  for (std::size_t row = 0; row < rows.rows(); ++row) {
    std::string line;
    for (std::size_t column = 0; column < rows.columns(); ++column) {
      if (column > 0) line += '|';
      line += rows.is_null(row, column) ? "NULL" : std::string(rows.text(row, column));
    }
    lines.push_back(line);
  }
  return lines;
}

}  // namespace calc_rankings_testing
