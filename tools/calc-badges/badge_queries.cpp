#include "badge_queries.hpp"

#include <utility>

#include "jobkit/sql_files.hpp"

namespace calc_badges {

jobkit::Result<BadgeQueries> load_badge_queries(const std::filesystem::path& folder) {
  BadgeQueries queries;
  const std::pair<jobkit::SqlQuery*, const char*> files[] = {
      {&queries.badges, "badges"},       {&queries.contractor_page, "contractor_page"},
      {&queries.contractors, "contractors"}, {&queries.lock, "lock"},
      {&queries.unlock, "unlock"},       {&queries.reviews, "reviews"},
      {&queries.bookings, "bookings"},   {&queries.rankings, "rankings"},
      {&queries.category_sizes, "category_sizes"}, {&queries.held, "held"},
      {&queries.award, "award"},         {&queries.revoke, "revoke"},
      {&queries.recipients, "recipients"}, {&queries.sweep_snapshot, "sweep_snapshot"},
      {&queries.sweep_reviews, "sweep_reviews"}, {&queries.sweep_bookings, "sweep_bookings"},
      {&queries.sweep_rankings, "sweep_rankings"}, {&queries.revoked_since, "revoked_since"}};
  for (const auto& [query, name] : files) {
    auto loaded = jobkit::load_sql_file(folder, name);
    if (!loaded) return loaded.error();
    *query = std::move(loaded).value();
  }
  if (std::filesystem::exists(folder / "contractor_category_sizes.sql")) {
    auto loaded = jobkit::load_sql_file(folder, "contractor_category_sizes");
    if (!loaded) return loaded.error();
    queries.contractor_category_sizes = std::move(loaded).value();
  }
  return queries;
}

}  // namespace calc_badges
