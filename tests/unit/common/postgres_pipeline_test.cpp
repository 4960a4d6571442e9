// PostgresConnection::execute_pipeline against the private PostgreSQL of scripts/test: results
// in order, a failure's effect on its segment and on the next one, and a transaction that
// spans pipelines.
#include <doctest/doctest.h>

#include <string>

#include "jobkit/postgres_connection.hpp"
#include "services.hpp"

using jobkit::PipelinedStatement;
using jobkit::PostgresConnection;
using jobkit::SqlQuery;

namespace {

PostgresConnection connect_for_pipeline() {
  auto connection = PostgresConnection::connect(jobkit::testing::required_service_variable("DATABASE_URL"));
  REQUIRE_MESSAGE(connection.ok(), connection.error().message);
  return std::move(connection).value();
}

std::string single_value(PostgresConnection& connection, const std::string& query) {
  auto result = connection.execute({"read back", query});
  REQUIRE_MESSAGE(result.ok(), result.error().message);
  REQUIRE(result->rows().rows() == 1);
  return std::string(result->rows().text(0, 0));
}

}  // namespace

TEST_CASE("execute_pipeline: every result in the order sent with its own parameters") {
  PostgresConnection connection = connect_for_pipeline();
  const SqlQuery twice{"twice.sql", "SELECT $1::int * 2 AS doubled"};
  const SqlQuery rows{"rows.sql", "SELECT generate_series(1, $1::int)"};
  auto results = connection.execute_pipeline(
      {{.query = &twice, .parameters = {"21"}}, {.query = &rows, .parameters = {"3"}, .ends_segment = true},
       {.query = &twice, .parameters = {"-4"}}});
  REQUIRE_MESSAGE(results.ok(), results.error().message);
  REQUIRE(results->size() == 3);
  CHECK(results->at(0).rows().text(0, 0) == "42");
  CHECK(results->at(1).rows().rows() == 3);
  CHECK(results->at(2).rows().text(0, 0) == "-8");
  // Back to one statement at a time afterwards.
  CHECK(single_value(connection, "SELECT 'still usable'") == "still usable");
  CHECK(connection.execute_pipeline({})->empty());
}

TEST_CASE("execute_pipeline: a failure skips the rest of its segment only and is the error returned") {
  PostgresConnection connection = connect_for_pipeline();
  const SqlQuery missing{"queries/missing.sql", "SELECT no_such_column FROM reviews"};
  const SqlQuery mark{"mark.sql", "SELECT set_config('application_name', $1, false)"};
  auto results = connection.execute_pipeline({{.query = &missing},
                                              {.query = &mark, .parameters = {"skipped"}, .ends_segment = true},
                                              {.query = &mark, .parameters = {"ran after"}}});
  REQUIRE_FALSE(results.ok());
  CHECK(results.error().exit_code == jobkit::ExitCode::invalid_data);
  CHECK(results.error().message.find("queries/missing.sql") != std::string::npos);
  CHECK(single_value(connection, "SHOW application_name") == "ran after");
}

TEST_CASE("execute_pipeline: a transaction begun in one pipeline ends in the next") {
  PostgresConnection connection = connect_for_pipeline();
  PostgresConnection observer = connect_for_pipeline();
  // Named for the connection's server process: tests running at once never share it.
  const std::string table = "pipeline_test_" + single_value(connection, "SELECT pg_backend_pid()");
  REQUIRE(connection.execute({"create", "CREATE TABLE " + table + " (value int)"}).ok());
  const SqlQuery insert{"insert.sql", "INSERT INTO " + table + " VALUES ($1::int)"};
  const SqlQuery count{"count.sql", "SELECT count(*) FROM " + table};
  auto begun = connection.execute_pipeline({{.query = &jobkit::begin_statement(jobkit::TransactionAccess::read_write)},
                                            {.query = &insert, .parameters = {"1"}},
                                            {.query = &count}});
  REQUIRE_MESSAGE(begun.ok(), begun.error().message);
  CHECK(begun->at(2).rows().text(0, 0) == "1");
  CHECK(single_value(observer, "SELECT count(*) FROM " + table) == "0");  // not committed yet
  auto committed = connection.execute_pipeline({{.query = &insert, .parameters = {"2"}},
                                                {.query = &jobkit::commit_statement(), .ends_segment = true},
                                                {.query = &count}});
  REQUIRE_MESSAGE(committed.ok(), committed.error().message);
  CHECK(single_value(observer, "SELECT count(*) FROM " + table) == "2");
  CHECK(connection.execute({"drop", "DROP TABLE " + table}).ok());
}
