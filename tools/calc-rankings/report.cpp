#include "report.hpp"

#include <algorithm>

namespace calc_rankings {

nlohmann::json group_reports(const std::vector<Contractor>& contractors, const std::vector<std::int64_t>& categories,
                             const std::map<std::int64_t, double>& means, const Slugs& slugs, std::int64_t top) {
  struct Group {
    std::int64_t contractors = 0, ranked = 0;
    nlohmann::json top = nlohmann::json::array();
  };
  std::map<std::int64_t, Group> groups;
  for (const std::int64_t category : categories) groups[category];
  for (const Contractor& contractor : contractors) {  // sorted: best first within each category
    const auto found = groups.find(contractor.category_id);
    if (found == groups.end()) continue;
    Group& group = found->second;
    ++group.contractors;
    if (!contractor.ranked) continue;
    ++group.ranked;
    if (contractor.rank <= top) {
      group.top.push_back({{"contractor_id", contractor.id}, {"rank", contractor.rank},
                           {"rank_in_region", contractor.rank_in_region},
                           {"region", slugs.regions.contains(contractor.region_id) ? slugs.regions.at(contractor.region_id) : ""},
                           {"score", contractor.score}, {"quality", contractor.quality},
                           {"review_count", contractor.review_count}});
    }
  }
  nlohmann::json reports = nlohmann::json::array();
  for (auto& [category, group] : groups) {
    const auto mean = means.find(category);
    reports.push_back({{"category", slugs.categories.contains(category) ? slugs.categories.at(category) : std::to_string(category)},
                       {"prior_mean", mean == means.end() ? nlohmann::json(nullptr) : nlohmann::json(mean->second)},
                       {"contractors", group.contractors},
                       {"ranked", group.ranked},
                       {"unranked", group.contractors - group.ranked},
                       {"top", std::move(group.top)}});
  }
  return reports;
}

std::vector<MovedContractor> moved_contractors(const std::vector<Contractor>& contractors,
                                               const PublishedRanks& previous, std::int64_t threshold) {
  std::vector<MovedContractor> moved;
  for (const Contractor& contractor : contractors) {
    if (!contractor.ranked) continue;
    const auto before = previous.find(contractor.id);
    if (before == previous.end() || before->second == 0) continue;
    const std::int64_t distance = before->second > contractor.rank ? before->second - contractor.rank
                                                                   : contractor.rank - before->second;
    if (distance >= threshold) moved.push_back({contractor.id, contractor.category_id, before->second, contractor.rank});
  }
  std::sort(moved.begin(), moved.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return moved;
}

std::vector<MovedContractor> furthest_moved(const std::vector<MovedContractor>& moved, std::size_t limit) {
  if (moved.size() <= limit) return moved;
  const auto distance = [](const MovedContractor& entry) {
    return entry.previous_rank > entry.rank ? entry.previous_rank - entry.rank : entry.rank - entry.previous_rank;
  };
  std::vector<MovedContractor> furthest = moved;
  std::partial_sort(furthest.begin(), furthest.begin() + static_cast<std::ptrdiff_t>(limit), furthest.end(),
                    [&](const auto& a, const auto& b) {
                      return distance(a) != distance(b) ? distance(a) > distance(b) : a.id < b.id;
                    });
  furthest.resize(limit);
  std::sort(furthest.begin(), furthest.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return furthest;
}

nlohmann::json moved_json(const std::vector<MovedContractor>& moved, const Slugs& slugs) {
  nlohmann::json list = nlohmann::json::array();
  for (const MovedContractor& entry : moved) {
    list.push_back({{"contractor_id", entry.id},
                    {"category", slugs.categories.contains(entry.category_id) ? slugs.categories.at(entry.category_id) : ""},
                    {"previous_rank", entry.previous_rank},
                    {"rank", entry.rank}});
  }
  return list;
}

}  // namespace calc_rankings
