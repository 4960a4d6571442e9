#include "badges_database.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "jobkit/random.hpp"
#include "services.hpp"

namespace calc_badges_testing {
namespace {

jobkit::PostgresConnection connect_to(const std::string& url) {
  auto connection = jobkit::PostgresConnection::connect(url);
  REQUIRE_MESSAGE(connection.ok(), connection.error().message);
  return std::move(connection).value();
}

void execute(jobkit::PostgresConnection& connection, const std::string& statement) {
  auto done = connection.execute({"test statement", statement});
  REQUIRE_MESSAGE(done.ok(), done.error().message, "\n", statement);
}

std::string with_schema(const std::string& base, const std::string& schema) {
  return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

}  // namespace

BadgesDatabase::BadgesDatabase()
    : m_schema("badges_" + jobkit::random_hex(12)),
      m_url(with_schema(jobkit::testing::required_service_variable("DATABASE_URL"), m_schema)),
      m_connection([this] {
        auto admin = connect_to(jobkit::testing::required_service_variable("DATABASE_URL"));
        execute(admin, "CREATE SCHEMA " + m_schema);
        return connect_to(m_url);
      }()) {
  std::ifstream file(JOBKIT_PLATFORM_SCHEMA);
  std::ostringstream schema;
  schema << file.rdbuf();
  REQUIRE_MESSAGE(!schema.str().empty(), "cannot read " JOBKIT_PLATFORM_SCHEMA);
  run_sql(schema.str());
}

BadgesDatabase::~BadgesDatabase() {
  auto admin = jobkit::PostgresConnection::connect(jobkit::testing::required_service_variable("DATABASE_URL"));
  if (admin) (void)admin->execute({"drop test schema", "DROP SCHEMA " + m_schema + " CASCADE"});
}

void BadgesDatabase::run_sql(const std::string& statements) {
  std::size_t start = 0;
  while (start < statements.size()) {
    auto end = statements.find(";\n", start);
    if (end == std::string::npos) end = statements.size();
    const std::string statement = statements.substr(start, end - start);
    if (statement.find_first_not_of(" \t\r\n") != std::string::npos) execute(m_connection, statement);
    start = end + 2;
  }
}

std::vector<std::string> BadgesDatabase::rows(const std::string& query) {
  auto result = m_connection.execute({"test query", query});
  REQUIRE_MESSAGE(result.ok(), result.error().message);
  std::vector<std::string> lines;
  const auto table = result->rows();
  for (std::size_t row = 0; row < table.rows(); ++row) {
    std::string line;
    for (std::size_t column = 0; column < table.columns(); ++column) {
      if (column > 0) line += '|';
      line += table.is_null(row, column) ? "NULL" : std::string(table.text(row, column));
    }
    lines.push_back(line);
  }
  return lines;
}

jobkit::testing::ProcessOptions BadgesDatabase::calc_badges(const std::string& job,
                                                            const std::vector<std::string>& arguments,
                                                            const std::vector<std::string>& environment) const {
  std::vector<std::string> argv{jobkit::testing::built_program("calc-badges").string()};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  std::vector<std::string> variables{"DATABASE_URL=" + m_url};
  variables.insert(variables.end(), environment.begin(), environment.end());
  return {.argv = argv, .input = job, .environment = variables, .unset = {"JOB_ID", "JOB_TIMESTAMP", "JOB_ATTEMPT"}};
}

jobkit::testing::ProcessResult BadgesDatabase::run(const std::string& job, const std::vector<std::string>& arguments,
                                                   const std::vector<std::string>& environment) const {
  return jobkit::testing::run_process(calc_badges(job, arguments, environment));
}

nlohmann::json succeeded(const jobkit::testing::ProcessResult& run) {
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  return nlohmann::json::parse(run.out);
}

}  // namespace calc_badges_testing
