// Badge rules as data: each badge is a condition tree over contractor metrics, with an award
// threshold and a lower keep threshold per condition (hysteresis), read from the rules file
// or a badge's badges.rule column and checked completely before anything is written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobkit/job_error.hpp"

namespace calc_badges {

enum class Metric {
  average_rating,         // mean star rating of the reviews in the window
  review_count,           // reviews in the window
  verified_share,         // verified reviews / reviews in the window, 0..1
  median_response_hours,  // median hours from request to response of the bookings in the window
  completion_rate,        // completed / (completed + cancelled) bookings in the window, 0..1
  years_active,           // years since the contractor's row was created
  category_rank,          // rank in category from contractor_rankings (1 = best)
  category_percentile,    // 100 * rank / ranked contractors of the category
};

enum class Comparison { at_least, above, at_most, below };  // >=  >  <=  <

struct Condition {
  Metric metric = Metric::review_count;
  std::optional<std::int64_t> window_days;  // nullopt: all time
  std::int64_t min_count = 1;               // fewer reviews or bookings behind the value: not met
  Comparison comparison = Comparison::at_least;
  double award = 0;                         // a new badge needs this
  double keep = 0;                          // a holder keeps the badge while this holds
};

struct RuleGroup {
  bool all = true;  // false: any
  std::vector<Condition> conditions;
  std::vector<RuleGroup> groups;
};

struct BadgeRule {
  std::string slug;
  std::string description;  // the notification's badge_description
  RuleGroup rule;
};

// Which threshold a check uses: award for contractors without the badge, keep for holders.
enum class Threshold { award, keep };

// The rules file: {"badges": {"<slug>": {"description": ..., "all"|"any": [...]}}}. Errors:
// invalid data (65, "invalid_rules") naming the first bad member's JSON Pointer in the file.
jobkit::Result<std::vector<BadgeRule>> read_rules_file(const nlohmann::json& document);

// One badge's rule (the value of a badges.rule column): {"description"?, "all"|"any": [...]}.
jobkit::Result<BadgeRule> read_badge_rule(std::string slug, const nlohmann::json& rule);

std::string_view metric_name(Metric metric);
// Whether the metric counts reviews (true) or bookings (false); years and ranks count neither.
bool counts_reviews(Metric metric);
bool counts_bookings(Metric metric);

}  // namespace calc_badges
