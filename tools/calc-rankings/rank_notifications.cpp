#include "rank_notifications.hpp"

#include <map>

#include <fmt/format.h>

#include "jobkit/follow_up_job.hpp"
#include "jobkit/sql_files.hpp"

namespace calc_rankings {
namespace {

std::string first_word(std::string_view name) {
  const auto end = name.find(' ');
  return std::string(name.substr(0, end));
}

}  // namespace

jobkit::Result<nlohmann::json> ranking_notifications(jobkit::PostgresConnection& connection,
                                                     const std::filesystem::path& queries, const Notify& notify,
                                                     const std::vector<MovedContractor>& moved,
                                                     const std::string& run_id) {
  nlohmann::json jobs = nlohmann::json::array();
  if (moved.empty()) return jobs;
  auto query = jobkit::load_sql_file(queries, "recipients");
  if (!query) return query.error();
  std::map<std::int64_t, const MovedContractor*> by_id;
  std::vector<std::int64_t> ids;
  for (const MovedContractor& entry : moved) {
    by_id[entry.id] = &entry;
    ids.push_back(entry.id);
  }
  auto result = connection.execute(query.value(), {fmt::format("{{{}}}", fmt::join(ids, ","))});
  if (!result) return result.error();
  const jobkit::PostgresRows rows = result->rows();
  try {
    jobkit::require_sql_columns(rows, 5, query->name);
    for (std::size_t row = 0; row < rows.rows(); ++row) {
      const std::int64_t id = jobkit::sql_integer(rows, row, 0, query->name);
      const auto found = by_id.find(id);
      if (found == by_id.end()) continue;
      const std::string name(rows.text(row, 2));
      const nlohmann::json data = {
          {"first_name", first_word(name)},
          {"category", std::string(rows.text(row, 3))},
          {"region", std::string(rows.text(row, 4))},
          {"previous_rank", found->second->previous_rank},
          {"rank", found->second->rank},
          {"profile_url", notify.profile_url_of(id)}};
      const jobkit::FollowUpJob follow_up{
          .queue = notify.queue,
          .name = "ranking-changed",
          .data = {{"template", "ranking-changed"},
                   {"from", notify.from},
                   {"recipients", nlohmann::json::array({{{"email", std::string(rows.text(row, 1))},
                                                          {"name", name},
                                                          {"data", data}}})}},
          .opts = {{"jobId", fmt::format("ranking-changed-{}-{}", run_id, id)}}};
      jobs.push_back(jobkit::to_json(follow_up));
    }
  } catch (const jobkit::JobFailure& failure) {
    return failure.error();
  }
  return jobs;
}

}  // namespace calc_rankings
