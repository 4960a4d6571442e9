// Against the private PostgreSQL that scripts/test starts (scram-sha-256 password, the
// reference schema loaded). Nothing is mocked: each failure class is provoked for real.
#include <doctest/doctest.h>

#include <cstddef>
#include <optional>
#include <string>

#include "jobkit/postgres_connection.hpp"
#include "services.hpp"

using jobkit::ExitCode;
using jobkit::PostgresConnection;
using jobkit::PostgresRows;
using jobkit::SqlQuery;
using jobkit::TransactionAccess;

namespace {

std::string database_url() { return jobkit::testing::required_service_variable("DATABASE_URL"); }

PostgresConnection connect_to_test_database() {
  auto connection = PostgresConnection::connect(database_url());
  REQUIRE_MESSAGE(connection.ok(), connection.error().message);
  return std::move(connection).value();
}

// The test URL with another password (the URL's password is jobkit-test-password).
std::string url_with_password(const std::string& password) {
  std::string url = database_url();
  const auto at = url.find('@');
  const auto colon = url.rfind(':', at);
  return url.substr(0, colon + 1) + password + url.substr(at);
}

}  // namespace

TEST_CASE("PostgresConnection: runs a statement with parameters as text and never splices them") {
  PostgresConnection connection = connect_to_test_database();
  // A parameter that would break out of a spliced string literal stays one value.
  const std::string hostile = "x'); DROP TABLE reviews; --";
  auto result = connection.execute({"echo", "SELECT $1::text AS value, $2::int + 1 AS next, $3::text IS NULL AS absent"},
                                   {hostile, "41", std::nullopt});
  REQUIRE_MESSAGE(result.ok(), result.error().message);
  const PostgresRows rows = result->rows();
  REQUIRE(rows.rows() == 1);
  CHECK(rows.text(0, 0) == hostile);
  CHECK(rows.text(0, 1) == "42");
  CHECK(rows.text(0, 2) == "t");
  CHECK(rows.column_name(1) == "next");
  CHECK(connection.execute({"reviews exist", "SELECT count(*) FROM reviews"}).ok());
}

TEST_CASE("PostgresConnection: sets the statement timeout and reports it as temporary") {
  auto connection = PostgresConnection::connect(database_url(), {.statement = std::chrono::milliseconds(200)});
  REQUIRE(connection.ok());
  auto shown = connection->execute({"show", "SHOW statement_timeout"});
  REQUIRE(shown.ok());
  CHECK(shown->rows().text(0, 0) == "200ms");
  auto slow = connection->execute({"queries/slow.sql", "SELECT pg_sleep(5)"});
  REQUIRE_FALSE(slow.ok());
  CHECK(slow.error().exit_code == ExitCode::temporary);
  CHECK(slow.error().message.find("57014") != std::string::npos);
}

TEST_CASE("PostgresConnection: streams a large result in batches no larger than asked") {
  PostgresConnection connection = connect_to_test_database();
  std::size_t total = 0, largest = 0, batches = 0;
  long long sum = 0;
  const auto streamed = connection.transaction(TransactionAccess::read_only, [&]() -> jobkit::Status {
    return connection.stream({"series", "SELECT g FROM generate_series(1, $1::int) AS g ORDER BY g"}, {"25000"}, 1000,
                             [&](const PostgresRows& rows) -> jobkit::Status {
                               ++batches;
                               largest = std::max(largest, rows.rows());
                               total += rows.rows();
                               for (std::size_t row = 0; row < rows.rows(); ++row) sum += std::stoll(std::string(rows.text(row, 0)));
                               return jobkit::Done{};
                             });
  });
  REQUIRE_MESSAGE(streamed.ok(), streamed.error().message);
  CHECK(total == 25000);
  CHECK(largest == 1000);
  CHECK(batches == 25);
  CHECK(sum == 25000LL * 25001LL / 2);
}

TEST_CASE("PostgresConnection: a failing transaction body rolls back and its error is returned") {
  PostgresConnection connection = connect_to_test_database();
  REQUIRE(connection.execute({"setup", "CREATE TABLE IF NOT EXISTS jobkit_tx_test (id int PRIMARY KEY)"}).ok());
  REQUIRE(connection.execute({"setup", "DELETE FROM jobkit_tx_test"}).ok());
  const auto failed = connection.transaction(TransactionAccess::read_write, [&]() -> jobkit::Status {
    if (auto inserted = connection.execute({"insert", "INSERT INTO jobkit_tx_test VALUES (1)"}); !inserted) return inserted.error();
    return jobkit::JobError::make(ExitCode::invalid_data, "the body gave up");
  });
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().message == "the body gave up");
  auto count = connection.execute({"count", "SELECT count(*) FROM jobkit_tx_test"});
  REQUIRE(count.ok());
  CHECK(count->rows().text(0, 0) == "0");

  const auto committed = connection.transaction(TransactionAccess::read_write, [&]() -> jobkit::Status {
    if (auto inserted = connection.execute({"insert", "INSERT INTO jobkit_tx_test VALUES (2)"}); !inserted) return inserted.error();
    return jobkit::Done{};
  });
  REQUIRE(committed.ok());
  count = connection.execute({"count", "SELECT count(*) FROM jobkit_tx_test"});
  CHECK(count->rows().text(0, 0) == "1");
}

TEST_CASE("PostgresConnection: COPY FROM STDIN loads rows in chunks") {
  PostgresConnection connection = connect_to_test_database();
  REQUIRE(connection.execute({"setup", "CREATE TEMP TABLE copied (id int, name text)"}).ok());
  int chunk = 0;
  const auto copied = connection.copy_in({"copy", "COPY copied (id, name) FROM STDIN"}, [&](std::string& data) {
    for (int i = 0; i < 100; ++i) data += std::to_string(chunk * 100 + i) + "\tname\\t" + std::to_string(i) + "\n";
    return ++chunk < 5;
  });
  REQUIRE_MESSAGE(copied.ok(), copied.error().message);
  auto count = connection.execute({"count", "SELECT count(*), count(DISTINCT id), min(name) FROM copied"});
  REQUIRE(count.ok());
  CHECK(count->rows().text(0, 0) == "500");
  CHECK(count->rows().text(0, 1) == "500");
  CHECK(count->rows().text(0, 2) == "name\t0");

  const auto bad = connection.copy_in({"queries/bad_copy.sql", "COPY copied (id, name) FROM STDIN"}, [](std::string& data) {
    data = "not-a-number\tx\n";
    return false;
  });
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().exit_code == ExitCode::invalid_data);
  CHECK(connection.execute({"still usable", "SELECT 1"}).ok());
}

TEST_CASE("PostgresConnection: a missing table or column is invalid data naming the query file") {
  PostgresConnection connection = connect_to_test_database();
  auto table = connection.execute({"/etc/jobkit/queries/reviews.sql", "SELECT * FROM no_such_table"});
  REQUIRE_FALSE(table.ok());
  CHECK(table.error().exit_code == ExitCode::invalid_data);
  CHECK(table.error().message.find("/etc/jobkit/queries/reviews.sql") != std::string::npos);
  CHECK(table.error().message.find("42P01") != std::string::npos);
  auto column = connection.execute({"contractors.sql", "SELECT no_such_column FROM contractors"});
  REQUIRE_FALSE(column.ok());
  CHECK(column.error().exit_code == ExitCode::invalid_data);
  CHECK(column.error().message.find("contractors.sql") != std::string::npos);
  CHECK(column.error().message.find("42703") != std::string::npos);
}

TEST_CASE("PostgresConnection: a query file with other parameters than it is given is invalid data") {
  PostgresConnection connection = connect_to_test_database();
  auto fewer = connection.execute({"queries/two.sql", "SELECT $1::int + $2::int"}, {"1"});
  REQUIRE_FALSE(fewer.ok());
  CHECK(fewer.error().exit_code == ExitCode::invalid_data);
  CHECK(fewer.error().message.find("queries/two.sql") != std::string::npos);
  CHECK(fewer.error().message.find("08P01") != std::string::npos);
  CHECK(connection.execute({"usable after it", "SELECT 1"}).ok());
}

TEST_CASE("PostgresConnection: names the parameter the server could not read as its type") {
  PostgresConnection connection = connect_to_test_database();
  auto unreadable = connection.execute({"queries/since.sql", "SELECT $1::int, $2::date"}, {"7", "notadate"});
  REQUIRE_FALSE(unreadable.ok());
  CHECK(unreadable.error().exit_code == ExitCode::invalid_data);
  CHECK(connection.failed_parameter() == 2);
  auto other = connection.execute({"queries/other.sql", "SELECT no_such_column FROM contractors"}, {});
  REQUIRE_FALSE(other.ok());
  CHECK_FALSE(connection.failed_parameter().has_value());
}

TEST_CASE("PostgresConnection: connections are named jobkit unless the URL names them") {
  const auto name_of = [](const std::string& url) {
    auto connection = PostgresConnection::connect(url);
    REQUIRE_MESSAGE(connection.ok(), connection.error().message);
    auto shown = connection->execute({"name", "SHOW application_name"});
    REQUIRE_MESSAGE(shown.ok(), shown.error().message);
    return std::string(shown->rows().text(0, 0));
  };
  CHECK(name_of(database_url()) == "jobkit");
  const std::string separator = database_url().find('?') == std::string::npos ? "?" : "&";
  CHECK(name_of(database_url() + separator + "application_name=calc-badges-eu") == "calc-badges-eu");
}

TEST_CASE("PostgresConnection: a serialization failure is temporary") {
  PostgresConnection first = connect_to_test_database();
  PostgresConnection second = connect_to_test_database();
  REQUIRE(first.execute({"setup", "CREATE TABLE IF NOT EXISTS jobkit_conflict (id int PRIMARY KEY, n int)"}).ok());
  REQUIRE(first.execute({"setup", "INSERT INTO jobkit_conflict VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET n = 0"}).ok());
  const auto outcome = first.transaction(TransactionAccess::read_write, [&]() -> jobkit::Status {
    // Take the snapshot, then let another session change the row and commit.
    if (auto read = first.execute({"read", "SELECT n FROM jobkit_conflict WHERE id = 1"}); !read) return read.error();
    REQUIRE(second.execute({"other writer", "UPDATE jobkit_conflict SET n = n + 1 WHERE id = 1"}).ok());
    auto write = first.execute({"queries/update.sql", "UPDATE jobkit_conflict SET n = n + 10 WHERE id = 1"});
    if (!write) return write.error();
    return jobkit::Done{};
  });
  REQUIRE_FALSE(outcome.ok());
  CHECK(outcome.error().exit_code == ExitCode::temporary);
  CHECK(outcome.error().message.find("40001") != std::string::npos);
  CHECK(first.execute({"usable after rollback", "SELECT 1"}).ok());
}

TEST_CASE("PostgresConnection: a refused password is unavailable and never shown") {
  const std::string wrong = "wrong-secret-password";
  auto connection = PostgresConnection::connect(url_with_password(wrong));
  REQUIRE_FALSE(connection.ok());
  CHECK(connection.error().exit_code == ExitCode::unavailable);
  CHECK(connection.error().code == "postgres_auth_failed");
  CHECK(connection.error().message.find(wrong) == std::string::npos);
  CHECK(connection.error().message.find("jobkit@127.0.0.1") != std::string::npos);
}

TEST_CASE("PostgresConnection: the URL's gssencmode wins over the default that turns GSS encryption off") {
  // The private server has no Kerberos: a URL that requires GSS encryption cannot connect,
  // which shows the URL's setting wins over the tool's default.
  const auto required = PostgresConnection::connect(database_url() + "?gssencmode=require");
  REQUIRE_FALSE(required.ok());
  CHECK(required.error().message.find("GSS") != std::string::npos);
  auto plain = PostgresConnection::connect(database_url());
  REQUIRE_MESSAGE(plain.ok(), plain.error().message);
  auto in_use = plain->execute({"gss", "SELECT coalesce((SELECT encrypted FROM pg_stat_gssapi WHERE pid = pg_backend_pid()), false)"});
  REQUIRE_MESSAGE(in_use.ok(), in_use.error().message);
  CHECK(in_use->rows().text(0, 0) == "f");
}

TEST_CASE("PostgresConnection: a server that is not there is temporary") {
  // Port 1 on loopback: nothing listens there, the connection is refused at once.
  auto connection = PostgresConnection::connect("postgresql://jobkit:secret-in-url@127.0.0.1:1/jobkit");
  REQUIRE_FALSE(connection.ok());
  CHECK(connection.error().exit_code == ExitCode::temporary);
  CHECK(connection.error().message.find("secret-in-url") == std::string::npos);
  CHECK(connection.error().message.find("postgresql://jobkit@127.0.0.1:1/jobkit") != std::string::npos);
}

TEST_CASE("PostgresConnection: DATABASE_URL missing or unreadable is a configuration error") {
  auto unset = PostgresConnection::from_environment([](std::string_view) { return std::optional<std::string>(); });
  REQUIRE_FALSE(unset.ok());
  CHECK(unset.error().exit_code == ExitCode::config);
  CHECK(unset.error().field == "env:DATABASE_URL");
  auto garbage = PostgresConnection::from_environment(
      [](std::string_view) { return std::optional<std::string>("postgresql://u:p%zz@host/db"); });
  REQUIRE_FALSE(garbage.ok());
  CHECK(garbage.error().exit_code == ExitCode::config);
  CHECK(garbage.error().message.find("p%zz") == std::string::npos);
}

TEST_CASE("classify_sqlstate: temporary and unavailable and invalid data classes") {
  CHECK(jobkit::classify_sqlstate("08006") == ExitCode::temporary);
  CHECK(jobkit::classify_sqlstate("40001") == ExitCode::temporary);
  CHECK(jobkit::classify_sqlstate("40P01") == ExitCode::temporary);
  CHECK(jobkit::classify_sqlstate("57P01") == ExitCode::temporary);
  CHECK(jobkit::classify_sqlstate("28P01") == ExitCode::unavailable);
  CHECK(jobkit::classify_sqlstate("42P01") == ExitCode::invalid_data);
  CHECK(jobkit::classify_sqlstate("42703") == ExitCode::invalid_data);
  CHECK(jobkit::classify_sqlstate("08P01") == ExitCode::invalid_data);
  CHECK(jobkit::classify_sqlstate("23505") == ExitCode::internal);
  CHECK(jobkit::classify_sqlstate("") == ExitCode::internal);
}
