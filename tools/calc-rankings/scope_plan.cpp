#include "scope_plan.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "jobkit/sql_files.hpp"

namespace calc_rankings {
namespace {

// Runs a small query (a few thousand rows at most) and collects its (id, text) rows.
jobkit::Status read_id_rows(jobkit::PostgresConnection& connection, const std::filesystem::path& queries,
                            std::string_view name, const jobkit::SqlParameters& parameters, std::size_t columns,
                            std::vector<std::pair<std::int64_t, std::string>>& rows_out) {
  auto query = jobkit::load_sql_file(queries, name);
  if (!query) return query.error();
  auto result = connection.execute(query.value(), parameters);
  if (!result) return result.error();
  const jobkit::PostgresRows rows = result->rows();
  try {
    jobkit::require_sql_columns(rows, columns, query->name);
    for (std::size_t row = 0; row < rows.rows(); ++row) {
      rows_out.emplace_back(jobkit::sql_integer(rows, row, 0, query->name),
                            columns > 1 ? std::string(rows.text(row, 1)) : std::string());
    }
  } catch (const jobkit::JobFailure& failure) {
    return failure.error();
  }
  return jobkit::Done{};
}

std::optional<std::int64_t> find_slug(const std::map<std::int64_t, std::string>& slugs, const std::string& slug) {
  for (const auto& [id, name] : slugs) {
    if (name == slug) return id;
  }
  return std::nullopt;
}

jobkit::JobError unknown_slug(const std::string& what, const std::string& slug, const std::string& field) {
  jobkit::JobError error =
      jobkit::JobError::make(jobkit::ExitCode::invalid_data, fmt::format("no {} has the slug \"{}\"", what, slug), field);
  error.code = "invalid_field";
  return error;
}

}  // namespace

jobkit::Result<ScopePlan> plan_scope(jobkit::PostgresConnection& connection, const std::filesystem::path& queries,
                                     const RankingJob& job, const std::optional<std::string>& since) {
  ScopePlan plan;
  std::vector<std::pair<std::int64_t, std::string>> rows;
  if (auto read = read_id_rows(connection, queries, "categories", {}, 2, rows); !read) return read.error();
  for (auto& [id, slug] : rows) plan.slugs.categories[id] = std::move(slug);
  rows.clear();
  if (auto read = read_id_rows(connection, queries, "regions", {}, 2, rows); !read) return read.error();
  for (auto& [id, slug] : rows) plan.slugs.regions[id] = std::move(slug);
  rows.clear();

  const Scope& scope = job.scope;
  if (scope.kind == ScopeKind::changed && since) {
    plan.since = since;  // the categories are those the changed contractors touch (incremental_run)
    plan.categories = std::vector<std::int64_t>();
    return plan;
  }
  if (scope.kind == ScopeKind::groups && !scope.category.empty()) {
    const auto category = find_slug(plan.slugs.categories, scope.category);
    if (!category) return unknown_slug("category", scope.category, "/category");
    if (!scope.region.empty() && !find_slug(plan.slugs.regions, scope.region)) {
      return unknown_slug("region", scope.region, "/region");
    }
    rows.emplace_back(*category, "");
  } else if (scope.kind == ScopeKind::groups) {
    const auto region = find_slug(plan.slugs.regions, scope.region);
    if (!region) return unknown_slug("region", scope.region, "/region");
    if (auto read = read_id_rows(connection, queries, "region_categories", {std::to_string(*region)}, 1, rows); !read) {
      return read.error();
    }
  } else {
    return plan;  // all, or changed with no watermark yet
  }
  std::vector<std::int64_t> categories;
  for (const auto& row : rows) categories.push_back(row.first);
  std::sort(categories.begin(), categories.end());
  categories.erase(std::unique(categories.begin(), categories.end()), categories.end());
  plan.categories = std::move(categories);
  return plan;
}

std::vector<std::int64_t> planned_categories(const ScopePlan& plan) {
  if (plan.categories) return *plan.categories;
  std::vector<std::int64_t> all;
  for (const auto& entry : plan.slugs.categories) all.push_back(entry.first);
  return all;
}

}  // namespace calc_rankings
