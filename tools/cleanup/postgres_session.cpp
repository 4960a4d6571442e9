#include "postgres_session.hpp"

#include <fmt/format.h>

namespace cleanup {

jobkit::Result<jobkit::PostgresConnection> connect_database(const jobkit::ToolContext& context, const Pacing& pacing) {
  return jobkit::PostgresConnection::from_environment(context.environment, {.statement = pacing.statement_timeout});
}

jobkit::Result<std::string> database_cutoff(jobkit::PostgresConnection& connection, std::chrono::milliseconds older_than,
                                            ClockKind kind) {
  const jobkit::SqlQuery query{"cleanup cutoff", kind == ClockKind::local
                                                     ? "SELECT (LOCALTIMESTAMP - $1::bigint * interval '1 millisecond')::text"
                                                     : "SELECT (now() - $1::bigint * interval '1 millisecond')::text"};
  auto result = connection.execute(query, {std::to_string(older_than.count())});
  if (!result) return result.error();
  return std::string(result->rows().text(0, 0));
}

}  // namespace cleanup
