#include "redis_changes.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "script_batch.hpp"

namespace calc_rankings {
namespace {

using MemberRanks = std::vector<std::pair<std::int64_t, std::int64_t>>;  // (contractor id, rank), by id
constexpr std::int64_t k_category_set = -1;  // the region of a category's own set
constexpr std::size_t k_patch_arguments_per_call = 10000;

struct SetChange {
  MemberRanks before, after;
};
using SetChanges = std::map<std::pair<std::int64_t, std::int64_t>, SetChange>;  // (category, region or k_category_set)

void add_member(SetChanges& sets, const Contractor& c, MemberRanks SetChange::*side) {
  (sets[{c.category_id, k_category_set}].*side).emplace_back(c.id, c.rank);
  (sets[{c.category_id, c.region_id}].*side).emplace_back(c.id, c.rank_in_region);
}

jobkit::Status add_patch(ScriptBatch& batch, const std::string& key, const MemberRanks& set,
                         const std::vector<std::int64_t>& removed) {
  std::vector<std::string>& arguments = batch.arguments();
  arguments.push_back(std::string(k_keep_set));
  arguments.push_back(std::to_string(set.size()));
  arguments.push_back(std::to_string(removed.size()));
  for (const auto& [id, rank] : set) {
    arguments.push_back(std::to_string(rank));
    arguments.push_back(std::to_string(id));
  }
  for (const std::int64_t id : removed) arguments.push_back(std::to_string(id));
  return batch.add_key(key);
}

}  // namespace

jobkit::Result<std::size_t> patch_redis(jobkit::RedisConnection& redis, const std::string& prefix,
                                        const std::vector<Contractor>& contractors, const StoredRanking& stored,
                                        const std::vector<std::int64_t>& categories, const Slugs& slugs) {
  const std::set<std::int64_t> wanted(categories.begin(), categories.end());
  SetChanges sets;
  for (const StoredContractor& row : stored.rows) {
    if (row.contractor.ranked && wanted.contains(row.contractor.category_id)) add_member(sets, row.contractor, &SetChange::before);
  }
  for (const Contractor& contractor : contractors) {
    if (contractor.ranked && wanted.contains(contractor.category_id)) add_member(sets, contractor, &SetChange::after);
  }
  ScriptBatch writer(redis, k_patch_arguments_per_call);
  std::size_t keys = 0;
  for (auto& [group, change] : sets) {
    std::sort(change.before.begin(), change.before.end());
    std::sort(change.after.begin(), change.after.end());
    MemberRanks set;
    std::vector<std::int64_t> removed;
    auto old_member = change.before.begin();
    for (const auto& member : change.after) {
      for (; old_member != change.before.end() && old_member->first < member.first; ++old_member) {
        removed.push_back(old_member->first);
      }
      const bool same = old_member != change.before.end() && *old_member == member;
      if (old_member != change.before.end() && old_member->first == member.first) ++old_member;
      if (!same) set.push_back(member);
    }
    for (; old_member != change.before.end(); ++old_member) removed.push_back(old_member->first);
    if (set.empty() && removed.empty()) continue;
    const auto category = slugs.categories.find(group.first);
    if (category == slugs.categories.end()) continue;
    std::string key;
    if (group.second == k_category_set) {
      key = category_key(prefix, category->second);
    } else {
      const auto region = slugs.regions.find(group.second);
      if (region == slugs.regions.end()) continue;
      key = region_key(prefix, category->second, region->second);
    }
    if (auto added = add_patch(writer, key, set, removed); !added) return added.error();
    ++keys;
  }
  if (auto flushed = writer.flush(); !flushed) return flushed.error();
  return keys;
}

}  // namespace calc_rankings
