#include "ordered_cursor.hpp"

#include <fmt/format.h>

#include "jobkit/sql_files.hpp"

namespace calc_badges {

OrderedCursor::OrderedCursor(jobkit::PostgresConnection& connection, std::string query_name, std::string fetch,
                             std::size_t batch_rows)
    : m_connection(&connection),
      m_query_name(query_name),
      m_fetch{std::move(query_name), std::move(fetch)},
      m_batch_rows(batch_rows) {}

jobkit::Result<OrderedCursor> OrderedCursor::open(jobkit::PostgresConnection& connection, const jobkit::SqlQuery& query,
                                                  const jobkit::SqlParameters& parameters, const std::string& name,
                                                  std::size_t batch_rows) {
  const jobkit::SqlQuery declare{query.name, fmt::format("DECLARE {} NO SCROLL CURSOR FOR {}", name, query.text)};
  if (auto declared = connection.execute(declare, parameters); !declared) return declared.error();
  return OrderedCursor(connection, query.name, fmt::format("FETCH FORWARD {} FROM {}", batch_rows, name), batch_rows);
}

jobkit::Status OrderedCursor::refill() {
  m_batch.reset();
  m_row = 0;
  if (m_done) return jobkit::Done{};
  auto fetched = m_connection->execute(m_fetch);
  if (!fetched) return fetched.error();
  const std::size_t rows = fetched->rows().rows();
  if (rows < m_batch_rows) m_done = true;
  if (rows > 0) m_batch.emplace(std::move(fetched).value());
  return jobkit::Done{};
}

jobkit::Status OrderedCursor::take_while(const std::function<bool(std::int64_t id)>& more, const RowHandler& on_row) {
  try {
    for (;;) {
      if (!m_batch || m_row >= m_batch->rows().rows()) {
        if (auto filled = refill(); !filled) return filled;
        if (!m_batch) return jobkit::Done{};
      }
      const jobkit::PostgresRows rows = m_batch->rows();
      const std::int64_t id = jobkit::sql_integer(rows, m_row, 0, m_query_name);
      if (m_started && id < m_last_id) {
        jobkit::JobError error = jobkit::JobError::make(
            jobkit::ExitCode::invalid_data,
            fmt::format("the query file {} does not return its rows in contractor id order ({} after {})",
                        m_query_name, id, m_last_id));
        error.code = "query_mismatch";
        return error;
      }
      if (!more(id)) return jobkit::Done{};
      m_started = true;
      m_last_id = id;
      on_row(rows, m_row, id);
      ++m_row;
    }
  } catch (const jobkit::JobFailure& failure) {
    return failure.error();
  }
}

}  // namespace calc_badges
