#include "rules.hpp"

#include <array>
#include <utility>

#include "jobkit/json_fields.hpp"

namespace calc_badges {
namespace {

using jobkit::JsonField;
using jobkit::JsonObject;

constexpr std::array<std::pair<Metric, std::string_view>, 8> metric_names{{
    {Metric::average_rating, "average_rating"},
    {Metric::review_count, "review_count"},
    {Metric::verified_share, "verified_share"},
    {Metric::median_response_hours, "median_response_hours"},
    {Metric::completion_rate, "completion_rate"},
    {Metric::years_active, "years_active"},
    {Metric::category_rank, "category_rank"},
    {Metric::category_percentile, "category_percentile"},
}};

constexpr std::array<std::pair<Comparison, std::string_view>, 4> comparison_names{{
    {Comparison::at_least, ">="},
    {Comparison::above, ">"},
    {Comparison::at_most, "<="},
    {Comparison::below, "<"},
}};

// Groups nest at most this deep: a rule is an operator's data, and a runaway nesting must not
// exhaust the stack.
constexpr int max_depth = 8;
constexpr std::size_t max_items = 100;

bool windowless(Metric metric) {
  return metric == Metric::years_active || metric == Metric::category_rank || metric == Metric::category_percentile;
}

Condition read_condition(JsonObject& object) {
  Condition condition;
  JsonField metric = object.required("metric");
  const std::string metric_text = metric.as_string();
  bool known = false;
  for (const auto& [value, name] : metric_names) {
    if (name == metric_text) condition.metric = value, known = true;
  }
  if (metric.present() && metric.json().is_string() && !known) {
    metric.reject("unknown metric; expected average_rating, review_count, verified_share, median_response_hours, "
                  "completion_rate, years_active, category_rank or category_percentile");
  }
  JsonField op = object.required("op");
  const std::string op_text = op.as_string();
  known = false;
  for (const auto& [value, name] : comparison_names) {
    if (name == op_text) condition.comparison = value, known = true;
  }
  if (op.present() && op.json().is_string() && !known) op.reject("unknown operator; expected \">=\", \">\", \"<=\" or \"<\"");

  JsonField window = object.optional("window_days");
  if (window.present()) {
    condition.window_days = window.as_integer({.min = 1, .max = 36500});
    if (windowless(condition.metric)) window.reject("this metric has no window");
  }
  JsonField min_count = object.optional("min_count");
  condition.min_count = min_count.integer_or(1, {.min = 1, .max = 1000000000});
  if (min_count.present() && !counts_reviews(condition.metric) && !counts_bookings(condition.metric)) {
    min_count.reject("this metric counts no reviews or bookings");
  }
  const jobkit::Range<double> any_value{.min = -1e12, .max = 1e12};
  JsonField value = object.required("value");
  condition.award = value.as_number(any_value);
  JsonField keep = object.optional("keep");
  condition.keep = keep.present() ? keep.as_number(any_value) : condition.award;
  const bool higher_is_better = condition.comparison == Comparison::at_least || condition.comparison == Comparison::above;
  if (keep.present() && (higher_is_better ? condition.keep > condition.award : condition.keep < condition.award)) {
    keep.reject(higher_is_better ? "a keep threshold must not be above the award value (hysteresis)"
                                 : "a keep threshold must not be below the award value (hysteresis)");
  }
  return condition;
}

RuleGroup read_group(JsonObject& object, int depth);

// One item of an all/any list: a condition, or a nested group.
void read_item(JsonField item, RuleGroup& group, int depth) {
  JsonObject object = item.as_object();
  if (item.present() && item.json().is_object() && (item.json().contains("all") || item.json().contains("any"))) {
    if (depth >= max_depth) {
      item.reject("groups nest too deep");
      object.allow_unknown_members();
      return;
    }
    group.groups.push_back(read_group(object, depth + 1));
  } else {
    group.conditions.push_back(read_condition(object));
  }
}

RuleGroup read_group(JsonObject& object, int depth) {
  RuleGroup group;
  JsonField all = object.optional("all");
  JsonField any = object.optional("any");
  if (all.present() && any.present()) any.reject("give \"all\" or \"any\", not both");
  if (!all.present() && !any.present()) all.reject("\"all\" or \"any\" is required");
  group.all = all.present();
  JsonField list = all.present() ? all : any;
  if (list.present() && list.json().is_array() && list.json().empty()) list.reject("needs at least one condition");
  for (JsonField& item : list.as_array(max_items)) read_item(item, group, depth);
  return group;
}

BadgeRule read_badge(std::string slug, JsonObject& object) {
  BadgeRule badge;
  badge.slug = std::move(slug);
  badge.description = object.optional("description").string_or("", {.max_length = 500});
  badge.rule = read_group(object, 1);
  return badge;
}

jobkit::Result<std::vector<BadgeRule>> relabel(jobkit::Result<std::vector<BadgeRule>> result) {
  if (!result) {
    jobkit::JobError error = result.error();
    error.code = "invalid_rules";
    return error;
  }
  return result;
}

}  // namespace

jobkit::Result<std::vector<BadgeRule>> read_rules_file(const nlohmann::json& document) {
  return relabel(jobkit::read_fields<std::vector<BadgeRule>>(document, [](JsonObject& root) {
    std::vector<BadgeRule> rules;
    JsonObject badges = root.required("badges").as_object();
    for (auto& [slug, field] : badges.members()) {
      if (slug.empty() || slug.size() > 100) field.reject("a badge slug has 1 to 100 characters");
      JsonObject badge = field.as_object();
      rules.push_back(read_badge(slug, badge));
    }
    return rules;
  }));
}

jobkit::Result<BadgeRule> read_badge_rule(std::string slug, const nlohmann::json& rule) {
  auto read = jobkit::read_fields<BadgeRule>(rule, [&slug](JsonObject& root) { return read_badge(slug, root); });
  if (!read) {
    jobkit::JobError error = read.error();
    error.code = "invalid_rules";
    return error;
  }
  return read;
}

std::string_view metric_name(Metric metric) {
  for (const auto& [value, name] : metric_names) {
    if (value == metric) return name;
  }
  return "";
}

bool counts_reviews(Metric metric) {
  return metric == Metric::average_rating || metric == Metric::review_count || metric == Metric::verified_share;
}

bool counts_bookings(Metric metric) {
  return metric == Metric::median_response_hours || metric == Metric::completion_rate;
}

}  // namespace calc_badges
