// PostgresConnection::execute_pipeline: libpq's pipeline mode, kept apart from the one-at-a-time
// calls because its results are read back by a protocol of their own (a sync result per segment).
#include <libpq-fe.h>

#include "jobkit/postgres_connection.hpp"

namespace jobkit {
namespace {

// Every result of one statement up to libpq's end marker: the first is the statement's, any
// further one (there is none for a single statement) is dropped.
pg_result* statement_result(pg_conn* connection) {
  pg_result* first = PQgetResult(connection);
  if (first == nullptr) return nullptr;
  while (pg_result* extra = PQgetResult(connection)) PQclear(extra);
  return first;
}

}  // namespace

const SqlQuery& begin_statement(TransactionAccess access) {
  static const SqlQuery read_write{"BEGIN", "BEGIN ISOLATION LEVEL REPEATABLE READ"};
  static const SqlQuery read_only{"BEGIN", "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"};
  return access == TransactionAccess::read_only ? read_only : read_write;
}

const SqlQuery& commit_statement() {
  static const SqlQuery commit{"COMMIT", "COMMIT"};
  return commit;
}

const SqlQuery& rollback_statement() {
  static const SqlQuery rollback{"ROLLBACK", "ROLLBACK"};
  return rollback;
}

Result<std::vector<PostgresResult>> PostgresConnection::execute_pipeline(
    const std::vector<PipelinedStatement>& statements) {
  pg_conn* connection = m_connection.get();
  if (statements.empty()) return std::vector<PostgresResult>{};
  if (PQenterPipelineMode(connection) != 1) return last_error(*statements.front().query, nullptr);
  // Sent in full before reading: a send that fails leaves nothing worth reading but what
  // libpq already queued, which the reads below drain.
  std::size_t sent = 0;
  bool send_failed = false;
  for (const PipelinedStatement& statement : statements) {
    std::vector<const char*> values;
    values.reserve(statement.parameters.size());
    for (const auto& parameter : statement.parameters) values.push_back(parameter ? parameter->c_str() : nullptr);
    if (PQsendQueryParams(connection, statement.query->text.c_str(), static_cast<int>(values.size()), nullptr,
                          values.data(), nullptr, nullptr, 0) != 1) {
      send_failed = true;
      break;
    }
    ++sent;
    const bool last = sent == statements.size();
    if ((statement.ends_segment || last) && PQpipelineSync(connection) != 1) {
      send_failed = true;
      break;
    }
  }
  if (send_failed && sent > 0 && !statements[sent - 1].ends_segment && sent != statements.size()) {
    (void)PQpipelineSync(connection);  // so that what was queued is answered and can be drained
  }

  std::vector<PostgresResult> results;
  results.reserve(sent);
  std::optional<JobError> error;
  for (std::size_t i = 0; i < sent; ++i) {
    PostgresResult result(statement_result(connection));
    const ExecStatusType status = result.raw() == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result.raw());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && !error) {
      error = last_error(*statements[i].query, result.raw());
    }
    if (result.raw() == nullptr) break;  // the connection is gone: nothing more will come
    results.push_back(std::move(result));
    const bool last = i + 1 == sent;
    if (statements[i].ends_segment || last) {
      PostgresResult sync(PQgetResult(connection));  // PGRES_PIPELINE_SYNC
      if (sync.raw() == nullptr || PQresultStatus(sync.raw()) != PGRES_PIPELINE_SYNC) {
        if (!error) error = last_error(*statements[i].query, sync.raw());
        break;
      }
    }
  }
  (void)PQexitPipelineMode(connection);
  if (!error && send_failed) error = last_error(*statements[sent < statements.size() ? sent : 0].query, nullptr);
  if (error) return *error;
  return results;
}

}  // namespace jobkit
