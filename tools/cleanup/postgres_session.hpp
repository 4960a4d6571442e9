// The connection the PostgreSQL targets work on, and the cutoff they compute once at the
// start of a run on the database's own clock.
#pragma once

#include <chrono>
#include <string>

#include "job.hpp"
#include "jobkit/postgres_connection.hpp"
#include "jobkit/tool_context.hpp"

namespace cleanup {

// DATABASE_URL with the job's statement timeout. Errors: PostgresConnection::from_environment's.
jobkit::Result<jobkit::PostgresConnection> connect_database(const jobkit::ToolContext& context, const Pacing& pacing);

// now() - older_than as timestamptz text, or, with `local`, LOCALTIMESTAMP - older_than as
// timestamp text: the wall-clock time in the connection's TimeZone, for a column written
// without a time zone.
enum class ClockKind { absolute, local };
jobkit::Result<std::string> database_cutoff(jobkit::PostgresConnection& connection, std::chrono::milliseconds older_than,
                                            ClockKind kind);

}  // namespace cleanup
