// A server-side cursor over rows ordered by a contractor id in column 0, fetched a batch at a
// time: a sweep merges several of them contractor by contractor, so that it holds one batch of
// each table at a time instead of a whole table, and reads each table once, in one pass.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "jobkit/postgres_connection.hpp"

namespace calc_badges {

class OrderedCursor {
 public:
  // Declares the cursor `name` for `query`; must run inside the connection's transaction.
  static jobkit::Result<OrderedCursor> open(jobkit::PostgresConnection& connection, const jobkit::SqlQuery& query,
                                            const jobkit::SqlParameters& parameters, const std::string& name,
                                            std::size_t batch_rows);

  using RowHandler = std::function<void(const jobkit::PostgresRows& rows, std::size_t row, std::int64_t id)>;

  // Hands on_row the next rows while more(id) holds for the row's id, and stops before the
  // first row for which it does not (that row stays for the next call). Errors: the
  // connection's; invalid data (65, "query_mismatch") naming the query file when the ids go
  // down (the query is not ordered by contractor id, and merging it would lose rows).
  jobkit::Status take_while(const std::function<bool(std::int64_t id)>& more, const RowHandler& on_row);

  // The query file's path, for errors about its rows.
  const std::string& query_name() const { return m_query_name; }

 private:
  OrderedCursor(jobkit::PostgresConnection& connection, std::string query_name, std::string fetch,
                std::size_t batch_rows);
  jobkit::Status refill();

  jobkit::PostgresConnection* m_connection;
  std::string m_query_name;
  jobkit::SqlQuery m_fetch;
  std::size_t m_batch_rows;
  std::optional<jobkit::PostgresResult> m_batch;
  std::size_t m_row = 0;
  std::int64_t m_last_id = 0;
  bool m_started = false;
  bool m_done = false;
};

}  // namespace calc_badges
