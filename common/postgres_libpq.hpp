// Inside jobkit_postgres only: what postgres_connection.cpp and postgres_opened_ahead.cpp share
// of how a connection is asked of libpq, so that a connection a fork server's spare opens
// ahead is the one PostgresConnection::connect would have made.
#pragma once

#include <chrono>
#include <string>

struct pg_conn;

namespace jobkit::postgres_libpq {

enum class Wait {
  until_connected,  // PQconnectdbParams: returns the connection made, or failed
  opened_ahead,     // PQconnectStartParams, for PQconnectPoll: a connection that will sit idle
                    // until its job comes, with TCP keepalives unless the URL sets its own
};

// Starts a connection to `url` (a postgresql:// URL or key=value string). nullptr only when
// libpq cannot allocate one.
pg_conn* start_connection(const std::string& url, std::chrono::seconds connect_timeout, Wait wait);

// The statement that sets statement_timeout, in milliseconds as its one parameter.
extern const char* const k_set_statement_timeout;

// The connection a fork server's spare opened ahead for this process, if it was opened for
// `url` and for the libpq variables the process has now, finished within connect_timeout of
// its start: connected, its statement_timeout at PostgresTimeouts' default. nullptr when there
// is none to take (none was opened, it was for something else, or it failed or was closed):
// the caller connects itself, and reports that attempt's error.
pg_conn* take_connection_opened_ahead(const std::string& url, std::chrono::seconds connect_timeout);

}  // namespace jobkit::postgres_libpq
