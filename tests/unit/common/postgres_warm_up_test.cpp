// warm_up_postgres_client as a fork server uses it: children forked after the warm-up log in
// (scram-sha-256 over TCP, the private PostgreSQL of scripts/test) and run a statement.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "jobkit/postgres_connection.hpp"
#include "services.hpp"

namespace {

// The forked child's exit status: 0 when it connected and read its answer back.
int connect_in_child(const std::string& url) {
  const pid_t child = ::fork();
  if (child == 0) {
    auto connection = jobkit::PostgresConnection::connect(url);
    if (!connection) ::_exit(1);
    auto answer = connection->execute({"answer", "SELECT 6 * 7"});
    ::_exit(answer && answer->rows().text(0, 0) == "42" ? 0 : 2);
  }
  int status = -1;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

}  // namespace

TEST_CASE("warm_up_postgres_client: processes forked after it log in with scram-sha-256") {
  const std::string url = jobkit::testing::required_service_variable("DATABASE_URL");
  jobkit::warm_up_postgres_client();
  CHECK(connect_in_child(url) == 0);
  CHECK(connect_in_child(url) == 0);
  // And the warmed-up process itself.
  auto connection = jobkit::PostgresConnection::connect(url);
  CHECK_MESSAGE(connection.ok(), connection.error().message);
}
