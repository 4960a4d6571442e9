#include "badge_writer.hpp"

#include <fmt/format.h>

#include "fact_reader.hpp"
#include "jobkit/sql_files.hpp"

namespace calc_badges {
namespace {

// A text[] literal: every element quoted, with \ and " escaped (slugs are an operator's data).
std::string text_array(const std::vector<std::string>& values) {
  std::string literal = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) literal += ',';
    literal += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    literal += '"';
  }
  return literal + "}";
}

jobkit::SqlParameters pairs(const std::vector<BadgeChange>& changes, ChangeKind kind) {
  std::vector<std::int64_t> ids;
  std::vector<std::string> slugs;
  for (const BadgeChange& change : changes) {
    if (change.kind != kind) continue;
    ids.push_back(change.contractor_id);
    slugs.push_back(change.slug);
  }
  if (ids.empty()) return {};
  return {id_array(ids), text_array(slugs)};
}

}  // namespace

ChangeStatements change_statements(const BadgeQueries& queries, const std::vector<BadgeChange>& changes) {
  ChangeStatements writes;
  if (auto revoked = pairs(changes, ChangeKind::revoke); !revoked.empty()) {
    writes.statements.push_back({.query = &queries.revoke, .parameters = std::move(revoked)});
  }
  if (auto awarded = pairs(changes, ChangeKind::award); !awarded.empty()) {
    writes.statements.push_back({.query = &queries.award, .parameters = std::move(awarded)});
    writes.awards = true;
  }
  return writes;
}

jobkit::Result<std::vector<Award>> written_awards(const jobkit::PostgresRows& rows, const BadgeQueries& queries) {
  std::vector<Award> awards;
  const std::string& name = queries.award.name;
  try {
    jobkit::require_sql_columns(rows, 3, name);
    for (std::size_t row = 0; row < rows.rows(); ++row) {
      awards.push_back({.contractor_id = jobkit::sql_integer(rows, row, 0, name),
                        .slug = std::string(rows.text(row, 1)),
                        .awarded_us = jobkit::sql_integer(rows, row, 2, name)});
    }
  } catch (const jobkit::JobFailure& failure) {
    return failure.error();
  }
  return awards;
}

jobkit::Result<std::vector<Award>> write_changes(jobkit::PostgresConnection& connection, const BadgeQueries& queries,
                                                 const std::vector<BadgeChange>& changes) {
  const ChangeStatements writes = change_statements(queries, changes);
  auto written = connection.execute_pipeline(writes.statements);
  if (!written) return written.error();
  if (!writes.awards) return std::vector<Award>{};
  return written_awards(written->back().rows(), queries);
}

}  // namespace calc_badges
