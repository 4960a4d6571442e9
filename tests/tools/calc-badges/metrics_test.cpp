// Metrics from facts, and rules at their award and keep thresholds.
#include <doctest/doctest.h>

#include "metrics.hpp"

using namespace calc_badges;

namespace {

ContractorFacts with_ratings(int fives, int fours, double age_days = 1) {
  ContractorFacts facts;
  for (int i = 0; i < fives; ++i) facts.reviews.push_back({.age_days = age_days, .rating = 5, .verified = i % 2 == 0});
  for (int i = 0; i < fours; ++i) facts.reviews.push_back({.age_days = age_days, .rating = 4, .verified = false});
  return facts;
}

Condition top_rated() {
  return {.metric = Metric::average_rating, .window_days = 365, .min_count = 20, .comparison = Comparison::at_least,
          .award = 4.7, .keep = 4.6};
}

}  // namespace

TEST_CASE("calc-badges metrics: average rating at the award and keep lines") {
  const Condition condition = top_rated();
  CHECK(condition_met(with_ratings(70, 30), condition, Threshold::award));
  CHECK_FALSE(condition_met(with_ratings(69, 31), condition, Threshold::award));
  CHECK(condition_met(with_ratings(61, 39), condition, Threshold::keep));
  CHECK_FALSE(condition_met(with_ratings(59, 41), condition, Threshold::keep));
  CHECK_FALSE(metric_value(with_ratings(19, 0), condition));
  CHECK_FALSE(metric_value(with_ratings(20, 0, 366), condition));
}

TEST_CASE("calc-badges metrics: counts and shares") {
  const auto facts = with_ratings(4, 4);
  CHECK(metric_value(facts, {.metric = Metric::review_count}) == 8.0);
  CHECK(metric_value(facts, {.metric = Metric::verified_share}) == 0.25);
  CHECK(metric_value(with_ratings(0, 0), {.metric = Metric::review_count}) == 0.0);
  CHECK_FALSE(metric_value(with_ratings(0, 0), {.metric = Metric::verified_share}));
}

TEST_CASE("calc-badges metrics: median response and completion over bookings") {
  ContractorFacts facts;
  for (double hours : {5.0, 1.0, 3.0, 2.0}) facts.bookings.push_back({.age_days = 1, .response_hours = hours});
  facts.bookings.push_back({.age_days = 1});  // unanswered: not in the median
  facts.bookings.push_back({.age_days = 100, .response_hours = 0.1});  // outside a 90-day window
  CHECK(metric_value(facts, {.metric = Metric::median_response_hours, .window_days = 90}) == 2.5);
  CHECK(metric_value(facts, {.metric = Metric::median_response_hours}) == 2.0);
  CHECK_FALSE(metric_value(facts, {.metric = Metric::median_response_hours, .window_days = 90, .min_count = 5}));
  ContractorFacts bookings;
  for (int i = 0; i < 19; ++i) bookings.bookings.push_back({.outcome = BookingOutcome::completed});
  bookings.bookings.push_back({.outcome = BookingOutcome::cancelled});
  bookings.bookings.push_back({.outcome = BookingOutcome::open});
  CHECK(metric_value(bookings, {.metric = Metric::completion_rate}) == 0.95);
}

TEST_CASE("calc-badges metrics: years and ranks") {
  ContractorFacts facts;
  facts.age_days = 365.25 * 5;
  CHECK(metric_value(facts, {.metric = Metric::years_active}) == 5.0);
  CHECK_FALSE(metric_value(facts, {.metric = Metric::category_percentile}));
  facts.category_rank = 10;
  facts.category_size = 100;
  CHECK(metric_value(facts, {.metric = Metric::category_rank}) == 10.0);
  CHECK(metric_value(facts, {.metric = Metric::category_percentile}) == 10.0);
}

TEST_CASE("calc-badges metrics: all and any groups") {
  RuleGroup any{.all = false};
  any.conditions.push_back(top_rated());
  any.conditions.push_back({.metric = Metric::review_count, .comparison = Comparison::above, .award = 1000, .keep = 1000});
  CHECK(rule_met(with_ratings(70, 30), any, Threshold::award));
  RuleGroup all{.all = true, .conditions = any.conditions};
  CHECK_FALSE(rule_met(with_ratings(70, 30), all, Threshold::award));
  RuleGroup nested{.all = true, .groups = {any}};
  CHECK(rule_met(with_ratings(70, 30), nested, Threshold::award));
}
