#include "audit_partitions.hpp"

#include <fmt/format.h>

#include "sql_names.hpp"

namespace cleanup {
namespace {

std::string drop_mark(const std::string& table) { return fmt::format("jobkit cleanup: leaving {}, to be dropped", table); }

}  // namespace

jobkit::Result<std::vector<Partition>> partitions_before(jobkit::PostgresConnection& connection,
                                                         const std::string& table, const std::string& cutoff) {
  // The bound's text is "FOR VALUES FROM ('...') TO ('...')"; DEFAULT and MAXVALUE have no
  // quoted upper bound, so their comparison is NULL and they are not chosen.
  const jobkit::SqlQuery query{
      fmt::format("partitions of {}", table),
      "SELECT c.oid::regclass::text, i.inhdetachpending, d.description IS NOT NULL, false "
      "FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
      "LEFT JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0 "
      "AND d.description = $3 "
      "WHERE i.inhparent = $1::regclass AND (i.inhdetachpending OR d.description IS NOT NULL OR "
      "(substring(pg_get_expr(c.relpartbound, c.oid) from 'TO \\(''([^'']+)''\\)'))::timestamptz <= $2::timestamptz) "
      "UNION ALL "
      "SELECT c.oid::regclass::text, false, true, true FROM pg_class c "
      "JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0 "
      "WHERE d.description = $3 AND c.relkind = 'r' "
      "AND c.relnamespace = (SELECT relnamespace FROM pg_class WHERE oid = $1::regclass) "
      "AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid) "
      "ORDER BY 1"};
  auto result = connection.execute(query, {quote_identifier(table), cutoff, drop_mark(quote_identifier(table))});
  if (!result) return result.error();
  std::vector<Partition> partitions;
  const auto rows = result->rows();
  for (std::size_t row = 0; row < rows.rows(); ++row) {
    partitions.push_back({std::string(rows.text(row, 0)), rows.text(row, 1) == "t", rows.text(row, 2) == "t",
                          rows.text(row, 3) == "t"});
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
  if (!partition.marked) {
    const jobkit::SqlQuery mark{fmt::format("mark of partition {}", partition.name),
                                fmt::format("COMMENT ON TABLE {} IS {}", partition.name,
                                            quote_literal(drop_mark(quote_identifier(table))))};
    if (auto marked = connection.execute(mark); !marked) return marked.error();
  }
  if (!partition.detached) {
    // CONCURRENTLY cannot run in a transaction block: each statement runs on its own.
    const std::string how = partition.detach_pending ? "FINALIZE" : mode == DetachMode::concurrently ? "CONCURRENTLY" : "";
    const jobkit::SqlQuery detach{fmt::format("detach of partition {}", partition.name),
                                  fmt::format("ALTER TABLE {} DETACH PARTITION {} {}", quote_identifier(table),
                                              partition.name, how)};
    if (auto detached = connection.execute(detach); !detached) return detached.error();
  }
  const jobkit::SqlQuery drop{fmt::format("drop of partition {}", partition.name),
                              fmt::format("DROP TABLE {}", partition.name)};
  if (auto dropped = connection.execute(drop); !dropped) return dropped.error();
  return jobkit::Done{};
}

}  // namespace cleanup
