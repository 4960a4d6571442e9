// A rule condition's metric computed from a contractor's facts, and a rule evaluated with the
// award or the keep thresholds.
#pragma once

#include <optional>

#include "contractor_facts.hpp"
#include "rules.hpp"

namespace calc_badges {

// nullopt when the facts cannot give a value: fewer than min_count reviews or bookings in the
// window, no response to take a median of, or no rank.
std::optional<double> metric_value(const ContractorFacts& facts, const Condition& condition);

bool condition_met(const ContractorFacts& facts, const Condition& condition, Threshold threshold);
bool rule_met(const ContractorFacts& facts, const RuleGroup& rule, Threshold threshold);

}  // namespace calc_badges
