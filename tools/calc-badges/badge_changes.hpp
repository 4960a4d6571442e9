// The difference between the badges a contractor holds and the badges the rules give: the
// awards and revocations one run writes. Staff-granted badges are never changed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "contractor_facts.hpp"
#include "rules.hpp"

namespace calc_badges {

// An open contractor_badges row.
struct HeldBadge {
  std::string slug;
  bool staff = false;            // source = staff
  std::int64_t awarded_us = 0;   // awarded_at, microseconds since the epoch
};

enum class ChangeKind { award, revoke };

struct BadgeChange {
  std::int64_t contractor_id = 0;
  std::string slug;
  ChangeKind kind = ChangeKind::award;
};

// Awards for rules met at their award thresholds by badges not held; revocations for rule
// badges held whose rule no longer holds at its keep thresholds. A held badge without a rule
// (the rule was removed from the file) is left alone: removing a rule is not revoking it.
std::vector<BadgeChange> badge_changes(const ContractorFacts& facts, const std::vector<HeldBadge>& held,
                                       const std::vector<BadgeRule>& rules);

}  // namespace calc_badges
