#include "metrics.hpp"

#include <algorithm>
#include <type_traits>
#include <vector>

namespace calc_badges {
namespace {

// Averages and shares of whole numbers land on the decimal threshold they equal (94/20 is the
// double nearest 4.7, as the literal 4.7 is), but a difference of timestamps may not: the
// tolerance keeps "exactly at the threshold" on the side the operator wrote.
constexpr double tolerance = 1e-9;
constexpr double days_per_year = 365.25;

bool in_window(double age_days, const Condition& condition) {
  return !condition.window_days || age_days <= static_cast<double>(*condition.window_days);
}

std::optional<double> review_metric(const ContractorFacts& facts, const Condition& condition) {
  std::int64_t count = 0, verified = 0, stars = 0;
  for (const ReviewFact& review : facts.reviews) {
    if (!in_window(review.age_days, condition)) continue;
    ++count;
    verified += review.verified ? 1 : 0;
    stars += review.rating;
  }
  if (condition.metric == Metric::review_count) return static_cast<double>(count);
  if (count < condition.min_count || count == 0) return std::nullopt;
  if (condition.metric == Metric::average_rating) return static_cast<double>(stars) / static_cast<double>(count);
  return static_cast<double>(verified) / static_cast<double>(count);
}

std::optional<double> median_response(const ContractorFacts& facts, const Condition& condition) {
  std::vector<double> hours;
  for (const BookingFact& booking : facts.bookings) {
    if (in_window(booking.age_days, condition) && booking.response_hours) hours.push_back(*booking.response_hours);
  }
  if (hours.empty() || static_cast<std::int64_t>(hours.size()) < condition.min_count) return std::nullopt;
  const std::size_t middle = hours.size() / 2;
  std::nth_element(hours.begin(), hours.begin() + static_cast<std::ptrdiff_t>(middle), hours.end());
  const double upper = hours[middle];
  if (hours.size() % 2 == 1) return upper;
  const double lower = *std::max_element(hours.begin(), hours.begin() + static_cast<std::ptrdiff_t>(middle));
  return (lower + upper) / 2;
}

std::optional<double> completion(const ContractorFacts& facts, const Condition& condition) {
  std::int64_t completed = 0, decided = 0;
  for (const BookingFact& booking : facts.bookings) {
    if (!in_window(booking.age_days, condition) || booking.outcome == BookingOutcome::open) continue;
    ++decided;
    completed += booking.outcome == BookingOutcome::completed ? 1 : 0;
  }
  if (decided == 0 || decided < condition.min_count) return std::nullopt;
  return static_cast<double>(completed) / static_cast<double>(decided);
}

}  // namespace

std::optional<double> metric_value(const ContractorFacts& facts, const Condition& condition) {
  switch (condition.metric) {
    case Metric::average_rating:
    case Metric::review_count:
    case Metric::verified_share: return review_metric(facts, condition);
    case Metric::median_response_hours: return median_response(facts, condition);
    case Metric::completion_rate: return completion(facts, condition);
    case Metric::years_active: return facts.age_days / days_per_year;
    case Metric::category_rank:
      if (!facts.category_rank) return std::nullopt;
      return static_cast<double>(*facts.category_rank);
    case Metric::category_percentile:
      if (!facts.category_rank || !facts.category_size || *facts.category_size <= 0) return std::nullopt;
      return 100.0 * static_cast<double>(*facts.category_rank) / static_cast<double>(*facts.category_size);
  }
  return std::nullopt;
}

bool condition_met(const ContractorFacts& facts, const Condition& condition, Threshold threshold) {
  const std::optional<double> value = metric_value(facts, condition);
  if (!value) return false;
  const double line = threshold == Threshold::award ? condition.award : condition.keep;
  switch (condition.comparison) {
    case Comparison::at_least: return *value >= line - tolerance;
    case Comparison::above: return *value > line + tolerance;
    case Comparison::at_most: return *value <= line + tolerance;
    case Comparison::below: return *value < line - tolerance;
  }
  return false;
}

bool rule_met(const ContractorFacts& facts, const RuleGroup& rule, Threshold threshold) {
  const auto met = [&](const auto& part) {
    if constexpr (std::is_same_v<std::decay_t<decltype(part)>, Condition>) return condition_met(facts, part, threshold);
    else return rule_met(facts, part, threshold);
  };
  if (rule.all) {
    return std::all_of(rule.conditions.begin(), rule.conditions.end(), met) &&
           std::all_of(rule.groups.begin(), rule.groups.end(), met);
  }
  return std::any_of(rule.conditions.begin(), rule.conditions.end(), met) ||
         std::any_of(rule.groups.begin(), rule.groups.end(), met);
}

}  // namespace calc_badges
