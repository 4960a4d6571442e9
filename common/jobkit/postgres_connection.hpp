// A blocking PostgreSQL connection (libpq) shaped like RedisConnection: DATABASE_URL, connect
// and statement timeouts, parameters only, streaming reads through a cursor, one transaction
// helper, and every failure classified by its SQLSTATE into the job contract's exit codes.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jobkit/fork_server.hpp"
#include "jobkit/job_environment.hpp"
#include "jobkit/job_error.hpp"

struct pg_conn;
struct pg_result;

namespace jobkit {

struct PostgresTimeouts {
  std::chrono::seconds connect{5};  // libpq counts whole seconds and takes at least 2
  std::chrono::milliseconds statement{60000};
};

// One named SQL statement: `name` is what errors show (the query file's path), so that an
// operator whose own query names a missing column learns which file to fix.
struct SqlQuery {
  std::string name;
  std::string text;
};

// Parameters travel as text beside the statement ($1, $2, ...); nullopt is SQL NULL.
using SqlParameters = std::vector<std::optional<std::string>>;

// A non-owning view of a result's rows (a whole result or one batch of a stream).
class PostgresRows {
 public:
  explicit PostgresRows(const pg_result* result) : m_result(result) {}
  std::size_t rows() const;
  std::size_t columns() const;
  bool is_null(std::size_t row, std::size_t column) const;
  std::string_view text(std::size_t row, std::size_t column) const;  // "" for NULL
  std::string column_name(std::size_t column) const;

 private:
  const pg_result* m_result;
};

class PostgresResult {
 public:
  explicit PostgresResult(pg_result* result);
  PostgresRows rows() const { return PostgresRows(m_result.get()); }
  const pg_result* raw() const { return m_result.get(); }
  // Rows an INSERT, UPDATE or DELETE touched; 0 for other statements.
  std::int64_t affected_rows() const;

 private:
  struct Free {
    void operator()(pg_result* result) const;
  };
  std::unique_ptr<pg_result, Free> m_result;
};

enum class TransactionAccess { read_write, read_only };

// One statement of a pipeline (PostgresConnection::execute_pipeline). ends_segment puts a sync
// point after it: the server ends the segment's implicit transaction there, so a session lock
// taken in one segment is held before a BEGIN in the next takes its snapshot.
struct PipelinedStatement {
  const SqlQuery* query = nullptr;
  SqlParameters parameters;
  bool ends_segment = false;
};

// The statements transaction() runs, for a caller that pipelines them with its own (a BEGIN
// with the transaction's reads, a COMMIT with its writes).
const SqlQuery& begin_statement(TransactionAccess access);
const SqlQuery& commit_statement();
const SqlQuery& rollback_statement();

class PostgresConnection {
 public:
  // Connects to a postgresql:// URL or key=value string and sets statement_timeout. Errors:
  // temporary (75, "postgres_unreachable") when the server cannot be reached or is starting
  // or stopping; unavailable (69, "postgres_auth_failed") when it refuses the credentials;
  // config (78, "invalid_database_url") for a URL libpq cannot read. Messages show the
  // endpoint without the password.
  static Result<PostgresConnection> connect(std::string_view url, const PostgresTimeouts& timeouts = {});

  // connect() to DATABASE_URL; config (78, field "env:DATABASE_URL") when it is unset or empty.
  static Result<PostgresConnection> from_environment(const EnvironmentLookup& environment,
                                                     const PostgresTimeouts& timeouts = {});

  PostgresConnection(PostgresConnection&&) noexcept;
  PostgresConnection& operator=(PostgresConnection&&) noexcept;
  ~PostgresConnection();

  // Runs one statement with its parameters and returns its whole result: for statements
  // whose result is small (a count, a lock, an upsert). Errors: classify_sqlstate's.
  Result<PostgresResult> execute(const SqlQuery& query, const SqlParameters& parameters = {});

  // Sends every statement before reading any result (libpq's pipeline mode): one round trip
  // for statements whose parameters do not depend on each other's results. The results come
  // back in order, all of them or the first error (execute's); a failed statement makes the
  // server skip the rest of its segment (and an explicit transaction it was in stays failed
  // for the caller to roll back), while later segments still run.
  Result<std::vector<PostgresResult>> execute_pipeline(const std::vector<PipelinedStatement>& statements);

  // Runs a SELECT through a cursor and hands its rows to on_batch at most batch_rows at a
  // time, so that a result of millions of rows never sits in memory. Must run inside
  // transaction() (a cursor lives in one). An error from on_batch stops the stream and is
  // returned unchanged.
  Status stream(const SqlQuery& query, const SqlParameters& parameters, std::size_t batch_rows,
                const std::function<Status(const PostgresRows&)>& on_batch);

  // COPY ... FROM STDIN: `copy` is the COPY statement; next_chunk appends the next piece of
  // data to its argument and returns false once there is no more.
  Status copy_in(const SqlQuery& copy, const std::function<bool(std::string&)>& next_chunk);

  // BEGIN (read-only or read-write, REPEATABLE READ so that every read sees one snapshot),
  // body, then COMMIT; ROLLBACK when body or COMMIT fails, returning that error.
  Status transaction(TransactionAccess access, const std::function<Status()>& body);

  // The endpoint as messages show it: postgresql://user@host:port/dbname, no password.
  const std::string& display() const { return m_display; }
  bool broken() const;
  // The $n (from 1) of the parameter the server could not read as its type in the last
  // statement that failed (PostgreSQL 14 and later name it in the error's context); nullopt
  // when that failure was about something else. For a tool whose job gives the parameters,
  // to name the field.
  std::optional<int> failed_parameter() const { return m_failed_parameter; }

 private:
  struct Free {
    void operator()(pg_conn* connection) const;
  };
  PostgresConnection(std::unique_ptr<pg_conn, Free> connection, std::string display);
  JobError last_error(const SqlQuery& query, const pg_result* result);
  Status run_plain(std::string_view statement);

  std::unique_ptr<pg_conn, Free> m_connection;
  std::string m_display;
  std::optional<int> m_failed_parameter;
};

// For a tool's fork server (ToolDefinition::warm_up): sets up ahead what libpq's first
// connection in a process would (OpenSSL's configuration, the SHA-256 that scram-sha-256
// logins use), so that each forked job skips it, about 1 ms. Starts no thread.
void warm_up_postgres_client();

// For a tool's fork server (ToolDefinition::spare_work): the spare opens a connection to the
// server's DATABASE_URL while it waits for its job, and the job's first connect() takes it
// instead of logging in, when the job's URL and libpq variables (PG*, HOME) are the spare's.
// statements_to_parse, the texts of the statements a job will most likely run, are parsed
// once on it meanwhile: a new backend's first parse of a statement loads the catalogue
// entries it touches, several times the cost of the parse itself. nullptr when DATABASE_URL
// is unset.
std::unique_ptr<SpareWork> open_postgres_connection_ahead(std::vector<std::string> statements_to_parse = {});

// The exit code of a server error: 08xxx (connection), 40001 (serialization), 40P01
// (deadlock), 55P03 (lock not available), 57014 (statement timeout), 57P0x (shutdown) and
// 53xxx (out of resources) are temporary (75); 28xxx (authorization) unavailable (69);
// 42xxx (undefined table or column, syntax), 22xxx (bad data) and 08P01 on a connection that
// stays open (a query file with more or fewer $n than the parameters it is given) invalid
// data (65): the query file does not match the database; anything else internal (70).
ExitCode classify_sqlstate(std::string_view sqlstate);

}  // namespace jobkit
