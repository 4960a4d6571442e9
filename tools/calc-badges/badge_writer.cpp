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

jobkit::Result<std::vector<Award>> write_changes(jobkit::PostgresConnection& connection, const BadgeQueries& queries,
                                                 const std::vector<BadgeChange>& changes) {
  std::vector<Award> awards;
  if (const auto revoked = pairs(changes, ChangeKind::revoke); !revoked.empty()) {
    if (auto written = connection.execute(queries.revoke, revoked); !written) return written.error();
  }
  const auto awarded = pairs(changes, ChangeKind::award);
  if (awarded.empty()) return awards;
  auto written = connection.execute(queries.award, awarded);
  if (!written) return written.error();
  const jobkit::PostgresRows rows = written->rows();
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

}  // namespace calc_badges
