// libpq wrapped once: every error state becomes a JobError here, classified by SQLSTATE.
#include "jobkit/postgres_connection.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>

#include <fmt/format.h>
#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include "jobkit/whole_number.hpp"
#include "postgres_libpq.hpp"

namespace jobkit {
namespace {

JobError postgres_error(ExitCode exit_code, std::string code, std::string message) {
  JobError error = JobError::make(exit_code, std::move(message));
  error.code = std::move(code);
  return error;
}

struct ConninfoFree {
  void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};

// postgresql://user@host:port/dbname from whatever libpq reads out of the URL: the password
// never appears, whichever form (URL, key=value, percent-encoded) carried it.
std::optional<std::string> display_endpoint(const std::string& url) {
  char* parse_error = nullptr;
  std::unique_ptr<PQconninfoOption, ConninfoFree> options(PQconninfoParse(url.c_str(), &parse_error));
  // libpq's parse message can quote the offending part of the URL, password included.
  if (parse_error != nullptr) PQfreemem(parse_error);
  if (!options) return std::nullopt;
  std::string user, host = "localhost", port = "5432", dbname;
  for (const PQconninfoOption* option = options.get(); option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    const std::string_view keyword = option->keyword;
    if (keyword == "user") user = option->val;
    if (keyword == "host" || (keyword == "hostaddr" && host == "localhost")) host = option->val;
    if (keyword == "port") port = option->val;
    if (keyword == "dbname") dbname = option->val;
  }
  return fmt::format("postgresql://{}{}{}:{}/{}", user, user.empty() ? "" : "@", host, port, dbname);
}

std::string first_line(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  return std::string(text.substr(0, text.find('\n')));
}

// "unnamed portal parameter $2 = '...'": the context PostgreSQL gives a value that a Bind
// could not read as its parameter's type.
std::optional<int> failed_parameter_of(const pg_result* result) {
  const char* context = result == nullptr ? nullptr : PQresultErrorField(result, PG_DIAG_CONTEXT);
  if (context == nullptr) return std::nullopt;
  constexpr std::string_view k_marker = "portal parameter $";
  const std::string_view text(context);
  const auto at = text.find(k_marker);
  if (at == std::string_view::npos) return std::nullopt;
  const std::string_view rest = text.substr(at + k_marker.size());
  const auto number = parse_whole_number<int>(rest.substr(0, rest.find_first_not_of("0123456789")));
  if (!number || *number <= 0) return std::nullopt;
  return number;
}

// A cursor name unique within the connection (streams may follow one another).
std::string next_cursor_name() {
  static std::atomic<unsigned> counter{0};
  return fmt::format("jobkit_stream_{}", counter.fetch_add(1));
}

}  // namespace

namespace postgres_libpq {

const char* const k_set_statement_timeout = "SELECT set_config('statement_timeout', $1, false)";

pg_conn* start_connection(const std::string& url, std::chrono::seconds connect_timeout, Wait wait) {
  const std::string connect_seconds = std::to_string(std::max<std::int64_t>(2, connect_timeout.count()));
  // expand_dbname reads the URL into its parts: they override the keywords before it and the
  // keywords after it override them. GSS encryption is off unless the URL (or PGGSSENCMODE)
  // asks for it: libpq's default probes for Kerberos credentials on every connection, about
  // 18 ms of a single-contractor job's ~40 ms where nobody uses Kerberos. The URL may name the
  // connections (application_name) as its operator wants them shown; "jobkit" otherwise.
  const char* gss_mode = std::getenv("PGGSSENCMODE") != nullptr ? nullptr : "disable";
  const char* application_name = std::getenv("PGAPPNAME") != nullptr ? nullptr : "jobkit";
  // An idle connection opened ahead that a firewall forgets, or whose server host vanished,
  // would take the job's first statement down with it, after TCP's retransmissions (about 15
  // minutes). libpq skips a keyword whose value is null.
  const bool idle_ahead = wait == Wait::opened_ahead;
  const char* keywords[] = {"gssencmode",       "application_name", "keepalives_idle", "keepalives_interval",
                            "keepalives_count", "dbname",           "connect_timeout", nullptr};
  const char* values[] = {gss_mode,
                          application_name,
                          idle_ahead ? "30" : nullptr,
                          idle_ahead ? "10" : nullptr,
                          idle_ahead ? "3" : nullptr,
                          url.c_str(),
                          connect_seconds.c_str(),
                          nullptr};
  return idle_ahead ? PQconnectStartParams(keywords, values, 1) : PQconnectdbParams(keywords, values, 1);
}

}  // namespace postgres_libpq

ExitCode classify_sqlstate(std::string_view sqlstate) {
  if (sqlstate.size() != 5) return ExitCode::internal;
  const std::string_view category = sqlstate.substr(0, 2);
  // A protocol violation the server answers without closing the connection is a Bind with the
  // wrong number of parameters: the same on every retry. (A closed connection never gets here:
  // last_error reports it as lost, temporary.)
  if (sqlstate == "08P01") return ExitCode::invalid_data;
  if (category == "08" || category == "53" || sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03" ||
      sqlstate == "57014" || sqlstate.starts_with("57P")) {
    return ExitCode::temporary;
  }
  if (category == "28") return ExitCode::unavailable;
  if (category == "42" || category == "22") return ExitCode::invalid_data;
  return ExitCode::internal;
}

std::size_t PostgresRows::rows() const { return static_cast<std::size_t>(PQntuples(m_result)); }
std::size_t PostgresRows::columns() const { return static_cast<std::size_t>(PQnfields(m_result)); }
bool PostgresRows::is_null(std::size_t row, std::size_t column) const {
  return PQgetisnull(m_result, static_cast<int>(row), static_cast<int>(column)) != 0;
}
std::string_view PostgresRows::text(std::size_t row, std::size_t column) const {
  const int r = static_cast<int>(row), c = static_cast<int>(column);
  return {PQgetvalue(m_result, r, c), static_cast<std::size_t>(PQgetlength(m_result, r, c))};
}
std::string PostgresRows::column_name(std::size_t column) const {
  const char* name = PQfname(m_result, static_cast<int>(column));
  return name == nullptr ? std::string() : std::string(name);
}

PostgresResult::PostgresResult(pg_result* result) : m_result(result) {}
std::int64_t PostgresResult::affected_rows() const {
  const char* count = PQcmdTuples(m_result.get());
  return count == nullptr || count[0] == '\0' ? 0 : std::stoll(count);
}
void PostgresResult::Free::operator()(pg_result* result) const { PQclear(result); }
void PostgresConnection::Free::operator()(pg_conn* connection) const { PQfinish(connection); }

PostgresConnection::PostgresConnection(std::unique_ptr<pg_conn, Free> connection, std::string display)
    : m_connection(std::move(connection)), m_display(std::move(display)) {}
PostgresConnection::PostgresConnection(PostgresConnection&&) noexcept = default;
PostgresConnection& PostgresConnection::operator=(PostgresConnection&&) noexcept = default;
PostgresConnection::~PostgresConnection() = default;

Result<PostgresConnection> PostgresConnection::connect(std::string_view url, const PostgresTimeouts& timeouts) {
  const std::string url_text(url);
  const auto display = display_endpoint(url_text);
  if (!display) {
    return postgres_error(ExitCode::config, "invalid_database_url",
                          "the database URL is not a postgresql:// URL or connection string libpq can read");
  }
  std::unique_ptr<pg_conn, Free> connection(
      postgres_libpq::take_connection_opened_ahead(url_text, timeouts.connect));
  const bool opened_ahead = connection != nullptr;
  if (!opened_ahead) {
    connection.reset(postgres_libpq::start_connection(url_text, timeouts.connect, postgres_libpq::Wait::until_connected));
  }
  if (!connection) return postgres_error(ExitCode::temporary, "postgres_unreachable", "cannot allocate a libpq connection");
  if (PQstatus(connection.get()) != CONNECTION_OK) {
    const std::string reason = first_line(PQerrorMessage(connection.get()));
    const bool refused = PQconnectionNeedsPassword(connection.get()) != 0 ||
                         reason.find("password authentication failed") != std::string::npos ||
                         reason.find("no password supplied") != std::string::npos;
    if (refused) {
      return postgres_error(ExitCode::unavailable, "postgres_auth_failed",
                            fmt::format("PostgreSQL at {} refused the credentials: {}", *display, reason));
    }
    return postgres_error(ExitCode::temporary, "postgres_unreachable",
                          fmt::format("cannot connect to PostgreSQL at {}: {}", *display, reason));
  }
  // Server notices ("relation ... already exists, skipping") are not errors; libpq would
  // print them on stderr, in the middle of the tool's log lines.
  PQsetNoticeProcessor(connection.get(), [](void*, const char*) {}, nullptr);
  if (opened_ahead) {
    spdlog::debug("PostgreSQL: the connection to {} (backend {}) was opened while the job's process waited", *display,
                  PQbackendPID(connection.get()));
  }
  PostgresConnection result(std::move(connection), *display);
  if (opened_ahead && timeouts.statement == PostgresTimeouts{}.statement) return result;
  const SqlQuery set_timeout{"statement_timeout", postgres_libpq::k_set_statement_timeout};
  if (auto set = result.execute(set_timeout, {std::to_string(timeouts.statement.count())}); !set) return set.error();
  return result;
}

Result<PostgresConnection> PostgresConnection::from_environment(const EnvironmentLookup& environment,
                                                                const PostgresTimeouts& timeouts) {
  const auto url = environment("DATABASE_URL");
  if (!url || url->empty()) {
    return JobError::make(ExitCode::config, "DATABASE_URL is not set (postgresql://user:password@host:port/dbname)",
                          "env:DATABASE_URL");
  }
  auto connection = connect(*url, timeouts);
  if (!connection && connection.error().exit_code != ExitCode::temporary) {
    JobError error = connection.error();
    error.field = "env:DATABASE_URL";
    return error;
  }
  return connection;
}

JobError PostgresConnection::last_error(const SqlQuery& query, const pg_result* result) {
  const char* sqlstate = result == nullptr ? nullptr : PQresultErrorField(result, PG_DIAG_SQLSTATE);
  m_failed_parameter = failed_parameter_of(result);
  const std::string message =
      first_line(result != nullptr && PQresultErrorMessage(result)[0] != '\0' ? PQresultErrorMessage(result)
                                                                               : PQerrorMessage(m_connection.get()));
  if (sqlstate == nullptr || broken()) {
    return postgres_error(ExitCode::temporary, "postgres_connection_lost",
                          fmt::format("lost the connection to PostgreSQL at {} running {}: {}", m_display,
                                      query.name, message));
  }
  const ExitCode exit_code = classify_sqlstate(sqlstate);
  JobError error = postgres_error(exit_code, fmt::format("sqlstate_{}", sqlstate),
                                  fmt::format("{} failed (SQLSTATE {}): {}", query.name, sqlstate, message));
  if (exit_code == ExitCode::invalid_data) {
    error.code = "query_mismatch";
    error.message = fmt::format("the query file {} does not match the database (SQLSTATE {}): {}", query.name,
                                sqlstate, message);
  }
  return error;
}

Result<PostgresResult> PostgresConnection::execute(const SqlQuery& query, const SqlParameters& parameters) {
  std::vector<const char*> values;
  values.reserve(parameters.size());
  for (const auto& parameter : parameters) values.push_back(parameter ? parameter->c_str() : nullptr);
  PostgresResult result(PQexecParams(m_connection.get(), query.text.c_str(), static_cast<int>(values.size()),
                                     nullptr, values.data(), nullptr, nullptr, 0));
  const ExecStatusType status = result.raw() == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result.raw());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return last_error(query, result.raw());
  return result;
}

Status PostgresConnection::run_plain(std::string_view statement) {
  auto done = execute({std::string(statement), std::string(statement)});
  if (!done) return done.error();
  return Done{};
}

Status PostgresConnection::stream(const SqlQuery& query, const SqlParameters& parameters, std::size_t batch_rows,
                                  const std::function<Status(const PostgresRows&)>& on_batch) {
  const std::string cursor = next_cursor_name();
  // A cursor carries the statement's parameters (DECLARE is planned like the SELECT inside).
  const SqlQuery declare{query.name, fmt::format("DECLARE {} NO SCROLL CURSOR FOR {}", cursor, query.text)};
  if (auto declared = execute(declare, parameters); !declared) return declared.error();
  const SqlQuery fetch{query.name, fmt::format("FETCH FORWARD {} FROM {}", std::max<std::size_t>(1, batch_rows), cursor)};
  for (;;) {
    auto batch = execute(fetch);
    if (!batch) return batch.error();
    const PostgresRows rows = batch->rows();
    if (rows.rows() == 0) break;
    if (auto handled = on_batch(rows); !handled) return handled.error();
    if (rows.rows() < batch_rows) break;
  }
  return run_plain(fmt::format("CLOSE {}", cursor));
}

Status PostgresConnection::copy_in(const SqlQuery& copy, const std::function<bool(std::string&)>& next_chunk) {
  {
    PostgresResult started(PQexec(m_connection.get(), copy.text.c_str()));
    if (started.raw() == nullptr || PQresultStatus(started.raw()) != PGRES_COPY_IN) {
      return last_error(copy, started.raw());
    }
  }
  std::string chunk;
  bool more = true;
  while (more) {
    chunk.clear();
    more = next_chunk(chunk);
    if (!chunk.empty() && PQputCopyData(m_connection.get(), chunk.data(), static_cast<int>(chunk.size())) != 1) {
      break;
    }
  }
  PQputCopyEnd(m_connection.get(), more ? "the copy was interrupted" : nullptr);
  PostgresResult finished(PQgetResult(m_connection.get()));
  // Drain to the end so that the connection is ready for the next statement.
  while (PGresult* rest = PQgetResult(m_connection.get())) PQclear(rest);
  if (finished.raw() == nullptr || PQresultStatus(finished.raw()) != PGRES_COMMAND_OK) {
    return last_error(copy, finished.raw());
  }
  return Done{};
}

Status PostgresConnection::transaction(TransactionAccess access, const std::function<Status()>& body) {
  const std::string_view begin = access == TransactionAccess::read_only
                                     ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                                     : "BEGIN ISOLATION LEVEL REPEATABLE READ";
  if (auto begun = run_plain(begin); !begun) return begun;
  Status outcome = body();
  if (outcome) outcome = run_plain("COMMIT");
  if (!outcome && !broken()) {
    // The error that ended the transaction is the one to report, not a failed ROLLBACK.
    (void)run_plain("ROLLBACK");
  }
  return outcome;
}

bool PostgresConnection::broken() const { return !m_connection || PQstatus(m_connection.get()) != CONNECTION_OK; }

}  // namespace jobkit
