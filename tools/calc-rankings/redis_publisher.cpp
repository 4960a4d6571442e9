#include "redis_publisher.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "jobkit/random.hpp"
#include "script_batch.hpp"

namespace calc_rankings {
namespace {

using RankedMembers = std::vector<std::pair<std::int64_t, std::int64_t>>;  // (contractor id, rank)

constexpr std::size_t k_members_per_command = 1000;
// A temporary key left by a run that died mid-way expires by itself.
constexpr std::string_view k_building_ttl_seconds = "3600";
// Sets up to this size are replaced by a script, many per call: a Lua script runs atomically,
// so readers see every set it writes old or new, and thousands of small region sets cost a
// handful of round trips instead of four each.
constexpr std::size_t k_script_set_members = 1000;
constexpr std::size_t k_script_members_per_call = 5000;

// Big sets: built under a temporary key in several commands, then renamed into place.
jobkit::Status write_large_sorted_set(jobkit::RedisConnection& redis, const std::string& key, const RankedMembers& members) {
  const std::string building = fmt::format("{}:building:{}", key, jobkit::random_hex(16));
  for (std::size_t start = 0; start < members.size(); start += k_members_per_command) {
    std::vector<std::string> texts{"ZADD", building};
    const std::size_t end = std::min(members.size(), start + k_members_per_command);
    for (std::size_t i = start; i < end; ++i) {
      texts.push_back(std::to_string(members[i].second));
      texts.push_back(std::to_string(members[i].first));
    }
    const std::vector<std::string_view> arguments(texts.begin(), texts.end());
    if (auto added = redis.command(arguments); !added) return added.error();
    if (start == 0) {
      if (auto expiring = redis.command({"EXPIRE", building, k_building_ttl_seconds}); !expiring) return expiring.error();
    }
  }
  if (auto renamed = redis.command({"RENAME", building, key}); !renamed) return renamed.error();
  if (auto persisted = redis.command({"PERSIST", key}); !persisted) return persisted.error();
  return jobkit::Done{};
}

// Small sets (an empty one is deleted), replaced by the script in calls of bounded size.
jobkit::Status add_small_set(ScriptBatch& small_sets, const std::string& key, const RankedMembers& members) {
  std::vector<std::string>& arguments = small_sets.arguments();
  arguments.push_back(std::string(k_replace_set));
  arguments.push_back(std::to_string(members.size()));
  arguments.push_back("0");
  for (const auto& [id, rank] : members) {
    arguments.push_back(std::to_string(rank));
    arguments.push_back(std::to_string(id));
  }
  return small_sets.add_key(key);
}

jobkit::Status write_sorted_set(jobkit::RedisConnection& redis, ScriptBatch& small_sets, const std::string& key,
                                const RankedMembers& members) {
  if (members.size() <= k_script_set_members) return add_small_set(small_sets, key, members);
  return write_large_sorted_set(redis, key, members);
}

}  // namespace

std::string category_key(const std::string& prefix, const std::string& category) {
  return fmt::format("{}:{}", prefix, category);
}

std::string region_key(const std::string& prefix, const std::string& category, const std::string& region) {
  return fmt::format("{}:{}:{}", prefix, category, region);
}

jobkit::Result<std::vector<std::string>> publish_to_redis(jobkit::RedisConnection& redis, const std::string& prefix,
                                                          const std::vector<Contractor>& contractors,
                                                          const std::vector<std::int64_t>& categories,
                                                          const Slugs& slugs) {
  const std::set<std::int64_t> wanted(categories.begin(), categories.end());
  std::map<std::int64_t, RankedMembers> by_category;
  std::map<std::pair<std::int64_t, std::int64_t>, RankedMembers> by_region;
  for (const Contractor& contractor : contractors) {
    if (!contractor.ranked || !wanted.contains(contractor.category_id)) continue;
    by_category[contractor.category_id].emplace_back(contractor.id, contractor.rank);
    by_region[{contractor.category_id, contractor.region_id}].emplace_back(contractor.id, contractor.rank_in_region);
  }
  std::vector<std::string> written;
  ScriptBatch small_sets(redis, 2 * k_script_members_per_call);
  for (const std::int64_t category : categories) {
    const auto slug = slugs.categories.find(category);
    if (slug == slugs.categories.end()) continue;
    const std::string key = category_key(prefix, slug->second);
    if (auto status = write_sorted_set(redis, small_sets, key, by_category[category]); !status) return status.error();
    written.push_back(key);
  }
  for (const auto& [group, members] : by_region) {
    const auto category = slugs.categories.find(group.first);
    const auto region = slugs.regions.find(group.second);
    if (category == slugs.categories.end() || region == slugs.regions.end()) continue;
    const std::string key = region_key(prefix, category->second, region->second);
    if (auto status = write_sorted_set(redis, small_sets, key, members); !status) return status.error();
    written.push_back(key);
  }
  if (auto flushed = small_sets.flush(); !flushed) return flushed.error();
  return written;
}

}  // namespace calc_rankings
