#include "badge_notifications.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "fact_reader.hpp"
#include "jobkit/follow_up_job.hpp"
#include "jobkit/sql_files.hpp"

namespace calc_badges {
namespace {

struct Recipient {
  std::string email;
  std::string name;
};

// BullMQ refuses ':' in a custom job id; a slug is an operator's text.
std::string id_part(std::string text) {
  std::replace(text.begin(), text.end(), ':', '-');
  return text;
}

jobkit::Result<std::map<std::int64_t, Recipient>> read_recipients(jobkit::PostgresConnection& connection,
                                                                   const BadgeQueries& queries,
                                                                   const std::vector<Award>& awards) {
  std::vector<std::int64_t> ids;
  for (const Award& award : awards) ids.push_back(award.contractor_id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  auto result = connection.execute(queries.recipients, {id_array(ids)});
  if (!result) return result.error();
  const jobkit::PostgresRows rows = result->rows();
  std::map<std::int64_t, Recipient> recipients;
  try {
    jobkit::require_sql_columns(rows, 3, queries.recipients.name);
    for (std::size_t row = 0; row < rows.rows(); ++row) {
      recipients[jobkit::sql_integer(rows, row, 0, queries.recipients.name)] = {std::string(rows.text(row, 1)),
                                                                                std::string(rows.text(row, 2))};
    }
  } catch (const jobkit::JobFailure& failure) {
    return failure.error();
  }
  return recipients;
}

}  // namespace

jobkit::Result<nlohmann::json> badge_notifications(jobkit::PostgresConnection& connection, const BadgeQueries& queries,
                                                   const Notify& notify, const BadgeCatalog& catalog,
                                                   const std::vector<Award>& awards) {
  nlohmann::json jobs = nlohmann::json::array();
  const std::vector<Award> announced(awards.begin(),
                                     awards.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(
                                                          awards.size(), static_cast<std::size_t>(notify.max))));
  if (announced.empty()) return jobs;
  auto recipients = read_recipients(connection, queries, announced);
  if (!recipients) return recipients.error();
  std::map<std::string, std::string> descriptions;
  for (const BadgeRule& rule : catalog.rules) descriptions[rule.slug] = rule.description;
  for (const Award& award : announced) {
    const auto recipient = recipients->find(award.contractor_id);
    if (recipient == recipients->end()) continue;
    const auto name = catalog.names.find(award.slug);
    const std::string& full_name = recipient->second.name;
    const nlohmann::json data = {{"first_name", full_name.substr(0, full_name.find(' '))},
                                 {"badge_name", name == catalog.names.end() ? award.slug : name->second},
                                 {"badge_description", descriptions[award.slug]},
                                 {"profile_url", notify.profile_url_of(award.contractor_id)}};
    const jobkit::FollowUpJob job{
        .queue = notify.queue,
        .name = "badge-awarded",
        .data = {{"template", "badge-awarded"},
                 {"from", notify.from},
                 {"recipients", nlohmann::json::array({{{"email", recipient->second.email},
                                                        {"name", full_name},
                                                        {"data", data}}})}},
        .opts = {{"jobId", fmt::format("badge-awarded-{}-{}-{}", award.contractor_id, id_part(award.slug),
                                       award.awarded_us)}}};
    jobs.push_back(jobkit::to_json(job));
  }
  return jobs;
}

}  // namespace calc_badges
