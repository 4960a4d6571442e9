// read_rules_file and read_badge_rule: the shipped file, and each kind of mistake with its
// JSON Pointer.
#include <doctest/doctest.h>

#include <fstream>

#include "rules.hpp"

using calc_badges::Comparison;
using calc_badges::Metric;
using calc_badges::read_rules_file;

namespace {

std::string rules_error_field(const std::string& text) {
  const auto rules = read_rules_file(nlohmann::json::parse(text));
  REQUIRE_FALSE(rules.ok());
  CHECK(rules.error().exit_code == jobkit::ExitCode::invalid_data);
  CHECK(rules.error().code == "invalid_rules");
  return rules.error().field;
}

}  // namespace

TEST_CASE("calc-badges rules: the shipped file reads as the five documented badges") {
  std::ifstream file(JOBKIT_CALC_BADGES_RULES);
  const auto rules = read_rules_file(nlohmann::json::parse(file));
  REQUIRE(rules.ok());
  REQUIRE(rules->size() == 5);
  const auto& top_rated = *std::find_if(rules->begin(), rules->end(), [](const auto& r) { return r.slug == "top-rated"; });
  REQUIRE(top_rated.rule.conditions.size() == 1);
  const auto& condition = top_rated.rule.conditions[0];
  CHECK(condition.metric == Metric::average_rating);
  CHECK(condition.window_days == 365);
  CHECK(condition.min_count == 20);
  CHECK(condition.comparison == Comparison::at_least);
  CHECK(condition.award == 4.7);
  CHECK(condition.keep == 4.6);
}

TEST_CASE("calc-badges rules: nested groups and a keep that defaults to the award value") {
  const auto rules = read_rules_file(nlohmann::json::parse(R"({"badges": {"pro": {"any": [
      {"metric": "review_count", "op": ">", "value": 100},
      {"all": [{"metric": "verified_share", "window_days": 30, "op": ">=", "value": 0.5},
               {"metric": "category_rank", "op": "<", "value": 4}]}]}}})"));
  REQUIRE(rules.ok());
  const auto& rule = rules->at(0).rule;
  CHECK_FALSE(rule.all);
  REQUIRE(rule.groups.size() == 1);
  CHECK(rule.groups[0].conditions.size() == 2);
  CHECK(rule.conditions[0].keep == 100);
}

TEST_CASE("calc-badges rules: mistakes name their JSON Pointer") {
  CHECK(rules_error_field(R"({})") == "/badges");
  CHECK(rules_error_field(R"({"badges": {"a": {}}})") == "/badges/a/all");
  CHECK(rules_error_field(R"({"badges": {"a": {"all": []}}})") == "/badges/a/all");
  CHECK(rules_error_field(R"({"badges": {"a": {"all": [{"metric": "x", "op": ">=", "value": 1}]}}})") == "/badges/a/all/0/metric");
  CHECK(rules_error_field(R"({"badges": {"a": {"all": [{"metric": "review_count", "op": "==", "value": 1}]}}})") ==
        "/badges/a/all/0/op");
  CHECK(rules_error_field(R"({"badges": {"a": {"all": [{"metric": "review_count", "op": ">="}]}}})") == "/badges/a/all/0/value");
  CHECK(rules_error_field(R"({"badges": {"a": {"all": [{"metric": "years_active", "window_days": 30, "op": ">=", "value": 1}]}}})") ==
        "/badges/a/all/0/window_days");
  CHECK(rules_error_field(R"({"badges": {"a": {"all": [{"metric": "category_rank", "min_count": 3, "op": "<=", "value": 1}]}}})") ==
        "/badges/a/all/0/min_count");
  CHECK(rules_error_field(R"({"badges": {"a": {"all": [{"metric": "median_response_hours", "op": "<=", "value": 2, "keep": 1}]}}})") ==
        "/badges/a/all/0/keep");
  CHECK(rules_error_field(R"({"badges": {"a": {"all": [{"metric": "review_count", "op": ">=", "value": 1, "colour": 1}]}}})") ==
        "/badges/a/all/0/colour");
  CHECK(rules_error_field(R"({"badges": {"a": {"all": [{"metric": "review_count", "op": ">=", "value": 1}], "any": []}}})") ==
        "/badges/a/any");
}

TEST_CASE("calc-badges rules: a database rule is read on its own") {
  const auto rule = calc_badges::read_badge_rule("x", nlohmann::json::parse(R"({"all": [{"metric": "zz"}]})"));
  REQUIRE_FALSE(rule.ok());
  CHECK(rule.error().field == "/all/0/metric");
}
