// A fork server's spare opening its job's PostgreSQL connection ahead: the login, most of a
// short job's time over TCP with scram-sha-256, then happens while the spare waits for its
// job rather than after the job has arrived.
//
// The connection is made for the server's DATABASE_URL and libpq variables; a job takes it only
// when its own are the same, so a job never runs on a connection made for other credentials.
// A spare holds one idle connection: a fork server keeps one more connection than it has jobs
// running. The spare watches it while it waits, so a connection the server closed (a restart,
// an idle timeout, pg_terminate_backend) is opened again or dropped, not handed to the job;
// TCP keepalives every 30 s keep a firewall from dropping it silently, and find a peer that
// went away without a word (the spare then opens another). A
// connection ended in the instant between that look and the job's first statement fails that
// statement, as any connection ended during a job does (75, retried).
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <libpq-fe.h>

#include "jobkit/postgres_connection.hpp"
#include "postgres_libpq.hpp"

extern char** environ;

namespace jobkit {
namespace {

using Clock = std::chrono::steady_clock;

// A connection the server closed after serving this long is opened again; one it closed
// sooner is left closed, so that a server refusing idle sessions is not asked again and again.
constexpr std::chrono::seconds k_reopen_after{1};

// What libpq reads besides the URL: its PG* variables, and HOME for ~/.pgpass and
// ~/.postgresql/.
std::string libpq_environment() {
  std::vector<std::string_view> variables;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view variable(*entry);
    if (variable.starts_with("PG") || variable.starts_with("HOME=")) variables.push_back(variable);
  }
  std::sort(variables.begin(), variables.end());
  std::string joined;
  for (const std::string_view variable : variables) joined.append(variable).push_back('\0');
  return joined;
}

enum class Stage { connecting, setting_timeout, parsing, ready, none };

// The spare's connection: one per process, as a spare becomes exactly one job.
struct OpenedAhead {
  std::string url;
  std::string environment;
  pg_conn* connection = nullptr;
  Stage stage = Stage::none;
  PostgresPollingStatusType polling = PGRES_POLLING_WRITING;
  Clock::time_point started{};
  Clock::time_point ready_since{};
  // Statements the job will run, parsed once each (and then forgotten) so that the new
  // backend has loaded the catalogue entries they touch before the job's own parse.
  std::vector<std::string> to_parse;
  std::size_t parsed = 0;

  OpenedAhead() = default;
  OpenedAhead(const OpenedAhead&) = delete;
  OpenedAhead& operator=(const OpenedAhead&) = delete;
  ~OpenedAhead() { drop(); }

  void drop() {
    if (connection != nullptr) PQfinish(connection);
    connection = nullptr;
    stage = Stage::none;
  }

  bool start() {
    drop();
    connection = postgres_libpq::start_connection(url, PostgresTimeouts{}.connect, postgres_libpq::Wait::opened_ahead);
    if (connection == nullptr || PQstatus(connection) == CONNECTION_BAD) {
      drop();
      return false;
    }
    // libpq would print server notices on stderr, which is the fork server's.
    PQsetNoticeProcessor(connection, [](void*, const char*) {}, nullptr);
    stage = Stage::connecting;
    parsed = 0;
    polling = PGRES_POLLING_WRITING;  // what libpq asks for first
    started = Clock::now();
    return true;
  }

  // What the next step waits for, as poll(2) events on the connection's socket; 0: nothing.
  short events() const {
    switch (stage) {
      case Stage::connecting: return polling == PGRES_POLLING_READING ? POLLIN : POLLOUT;
      case Stage::setting_timeout:
      case Stage::parsing:
      case Stage::ready: return POLLIN;  // ready: nothing is expected but the server closing it
      case Stage::none: return 0;
    }
    return 0;
  }

  void step() {
    switch (stage) {
      case Stage::connecting: return connect_step();
      case Stage::setting_timeout:
      case Stage::parsing: return command_step();
      case Stage::ready: return idle_step();
      case Stage::none: return;
    }
  }

  void connect_step() {
    polling = PQconnectPoll(connection);
    if (polling == PGRES_POLLING_FAILED) return drop();
    if (polling != PGRES_POLLING_OK) return;
    const std::string milliseconds = std::to_string(PostgresTimeouts{}.statement.count());
    const char* values[] = {milliseconds.c_str()};
    if (PQsendQueryParams(connection, postgres_libpq::k_set_statement_timeout, 1, nullptr, values, nullptr, nullptr,
                          0) != 1) {
      return drop();
    }
    stage = Stage::setting_timeout;
  }

  // Reads what has arrived of the command in flight; once it is complete, sends the next.
  void command_step() {
    if (PQconsumeInput(connection) != 1) return drop();
    while (PQisBusy(connection) == 0) {
      PGresult* result = PQgetResult(connection);
      if (result == nullptr) return next_command();
      // A statement that does not parse is the job's to report; a timeout that cannot be set
      // is a connection the job must not be given.
      const bool fine = stage == Stage::parsing || PQresultStatus(result) == PGRES_TUPLES_OK;
      PQclear(result);
      if (!fine) return drop();
    }
  }

  void next_command() {
    if (parsed < to_parse.size()) {
      stage = Stage::parsing;
      if (PQsendPrepare(connection, "", to_parse[parsed++].c_str(), 0, nullptr) != 1) drop();
      return;
    }
    stage = Stage::ready;
    ready_since = Clock::now();
  }

  // In the job: waits for the command in flight, and parses nothing more.
  void finish_parsing() {
    while (PGresult* result = PQgetResult(connection)) PQclear(result);
    parsed = to_parse.size();
    if (PQstatus(connection) != CONNECTION_OK) return drop();
    stage = Stage::ready;
    ready_since = Clock::now();
  }

  // Anything arriving on the idle connection (most likely the server's FATAL before it closes
  // it, a message and an end of file that may come apart) ends it.
  void idle_step() {
    if (Clock::now() - ready_since >= k_reopen_after) {
      (void)start();
    } else {
      drop();
    }
  }
};

OpenedAhead& opened_ahead() {
  static OpenedAhead connection;
  return connection;
}

class OpeningAhead final : public SpareWork {
 public:
  std::optional<Wait> next_wait() const override {
    const OpenedAhead& ahead = opened_ahead();
    const short events = ahead.events();
    if (events == 0) return std::nullopt;
    return Wait{PQsocket(ahead.connection), events};
  }
  void step() override { opened_ahead().step(); }
  int kept_descriptor() const override {
    const OpenedAhead& ahead = opened_ahead();
    return ahead.connection != nullptr ? PQsocket(ahead.connection) : -1;
  }
};

// Whether anything arrived on the idle connection since the spare last looked: as for
// idle_step, the server ending it.
bool closed_meanwhile(pg_conn* connection) {
  pollfd socket{PQsocket(connection), POLLIN, 0};
  return ::poll(&socket, 1, 0) != 0;
}

}  // namespace

std::unique_ptr<SpareWork> open_postgres_connection_ahead(std::vector<std::string> statements_to_parse) {
  const char* url = std::getenv("DATABASE_URL");
  if (url == nullptr || *url == '\0') return nullptr;
  OpenedAhead& ahead = opened_ahead();
  ahead.url = url;
  ahead.environment = libpq_environment();
  ahead.to_parse = std::move(statements_to_parse);
  if (!ahead.start()) return nullptr;
  return std::make_unique<OpeningAhead>();
}

namespace postgres_libpq {

pg_conn* take_connection_opened_ahead(const std::string& url, std::chrono::seconds connect_timeout) {
  OpenedAhead& ahead = opened_ahead();
  if (ahead.stage == Stage::none) return nullptr;
  if (ahead.url != url || ahead.environment != libpq_environment()) {
    ahead.drop();
    return nullptr;
  }
  // Finishes what the spare began, within the time a connection of its own would have had.
  const auto deadline = ahead.started + connect_timeout;
  while (ahead.stage == Stage::connecting || ahead.stage == Stage::setting_timeout) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
    pollfd socket{PQsocket(ahead.connection), ahead.events(), 0};
    const int ready = left > 0 ? ::poll(&socket, 1, static_cast<int>(left)) : 0;
    if (ready > 0) {
      ahead.step();
    } else if (ready == 0 || errno != EINTR) {
      ahead.drop();
    }
  }
  if (ahead.stage == Stage::parsing) ahead.finish_parsing();
  if (ahead.stage != Stage::ready || closed_meanwhile(ahead.connection)) {
    ahead.drop();
    return nullptr;
  }
  pg_conn* taken = ahead.connection;
  ahead.connection = nullptr;
  ahead.stage = Stage::none;
  return taken;
}

}  // namespace postgres_libpq
}  // namespace jobkit
