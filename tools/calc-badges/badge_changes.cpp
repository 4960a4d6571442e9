#include "badge_changes.hpp"

#include <algorithm>

#include "metrics.hpp"

namespace calc_badges {

std::vector<BadgeChange> badge_changes(const ContractorFacts& facts, const std::vector<HeldBadge>& held,
                                       const std::vector<BadgeRule>& rules) {
  std::vector<BadgeChange> changes;
  for (const BadgeRule& badge : rules) {
    const auto holding = std::find_if(held.begin(), held.end(), [&](const HeldBadge& h) { return h.slug == badge.slug; });
    if (holding == held.end()) {
      if (rule_met(facts, badge.rule, Threshold::award)) changes.push_back({facts.id, badge.slug, ChangeKind::award});
    } else if (!holding->staff && !rule_met(facts, badge.rule, Threshold::keep)) {
      changes.push_back({facts.id, badge.slug, ChangeKind::revoke});
    }
  }
  return changes;
}

}  // namespace calc_badges
