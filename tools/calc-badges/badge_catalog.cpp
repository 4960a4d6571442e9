#include "badge_catalog.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "jobkit/json_fields.hpp"
#include "jobkit/sql_files.hpp"

namespace calc_badges {
namespace {

jobkit::JobError rules_error(std::string message, std::string field) {
  jobkit::JobError error = jobkit::JobError::make(jobkit::ExitCode::invalid_data, std::move(message), std::move(field));
  error.code = "invalid_rules";
  return error;
}

}  // namespace

jobkit::Result<BadgeCatalog> read_badge_catalog(const jobkit::PostgresRows& rows, const BadgeQueries& queries,
                                                const std::vector<BadgeRule>& file_rules) {
  BadgeCatalog catalog;
  std::map<std::string, BadgeRule> rules;
  try {
    jobkit::require_sql_columns(rows, 3, queries.badges.name);
    for (std::size_t row = 0; row < rows.rows(); ++row) {
      const std::string slug(rows.text(row, 0));
      catalog.names[slug] = std::string(rows.text(row, 1));
      if (rows.is_null(row, 2)) continue;
      const nlohmann::json rule = nlohmann::json::parse(rows.text(row, 2), nullptr, false);
      auto read = read_badge_rule(slug, rule);
      if (!read) {
        jobkit::JobError error = read.error();
        error.message = fmt::format("badges.rule of \"{}\" in the database: {}", slug, error.message);
        return error;
      }
      rules[slug] = std::move(read).value();
    }
  } catch (const jobkit::JobFailure& failure) {
    return failure.error();
  }
  for (const BadgeRule& rule : file_rules) {
    if (!catalog.names.contains(rule.slug)) {
      return rules_error(fmt::format("unknown badge \"{}\": the badges table has no such slug", rule.slug),
                         jobkit::append_pointer("/badges", rule.slug));
    }
    rules.try_emplace(rule.slug, rule);  // a database rule of the same badge wins
  }
  for (auto& [slug, rule] : rules) catalog.rules.push_back(std::move(rule));
  return catalog;
}

jobkit::Result<BadgeCatalog> read_badge_catalog(jobkit::PostgresConnection& connection, const BadgeQueries& queries,
                                                const std::vector<BadgeRule>& file_rules) {
  auto result = connection.execute(queries.badges);
  if (!result) return result.error();
  return read_badge_catalog(result->rows(), queries, file_rules);
}

}  // namespace calc_badges
