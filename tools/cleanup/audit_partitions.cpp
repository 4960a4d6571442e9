#include "audit_partitions.hpp"

#include <fmt/format.h>

#include "sql_names.hpp"

namespace cleanup {

jobkit::Result<std::vector<Partition>> partitions_before(jobkit::PostgresConnection& connection,
                                                         const std::string& table, const std::string& cutoff) {
  // The bound's text is "FOR VALUES FROM ('...') TO ('...')"; DEFAULT and MAXVALUE have no
  // quoted upper bound, so their comparison is NULL and they are not chosen.
  const jobkit::SqlQuery query{
      fmt::format("partitions of {}", table),
      "SELECT c.oid::regclass::text, i.inhdetachpending FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
      "WHERE i.inhparent = $1::regclass AND (i.inhdetachpending OR "
      "(substring(pg_get_expr(c.relpartbound, c.oid) from 'TO \\(''([^'']+)''\\)'))::timestamptz <= $2::timestamptz) "
      "ORDER BY 1"};
  auto result = connection.execute(query, {quote_identifier(table), cutoff});
  if (!result) return result.error();
  std::vector<Partition> partitions;
  const auto rows = result->rows();
  for (std::size_t row = 0; row < rows.rows(); ++row) {
    partitions.push_back({std::string(rows.text(row, 0)), rows.text(row, 1) == "t"});
  }
  return partitions;
}

jobkit::Result<bool> has_default_partition(jobkit::PostgresConnection& connection, const std::string& table) {
  auto result = connection.execute({fmt::format("default partition of {}", table),
                                    "SELECT partdefid <> 0 FROM pg_partitioned_table WHERE partrelid = $1::regclass"},
                                   {quote_identifier(table)});
  if (!result) return result.error();
  return result->rows().rows() == 1 && result->rows().text(0, 0) == "t";
}

jobkit::Status drop_partition(jobkit::PostgresConnection& connection, const std::string& table,
                              const Partition& partition, DetachMode mode) {
  // CONCURRENTLY cannot run in a transaction block: each statement runs on its own.
  const std::string how = partition.detach_pending ? "FINALIZE" : mode == DetachMode::concurrently ? "CONCURRENTLY" : "";
  const jobkit::SqlQuery detach{fmt::format("detach of partition {}", partition.name),
                                fmt::format("ALTER TABLE {} DETACH PARTITION {} {}", quote_identifier(table),
                                            partition.name, how)};
  if (auto detached = connection.execute(detach); !detached) return detached.error();
  const jobkit::SqlQuery drop{fmt::format("drop of partition {}", partition.name),
                              fmt::format("DROP TABLE {}", partition.name)};
  if (auto dropped = connection.execute(drop); !dropped) return dropped.error();
  return jobkit::Done{};
}

}  // namespace cleanup
