#include "job.hpp"

#include <algorithm>
#include <limits>

#include "jobkit/json_fields.hpp"

namespace calc_badges {
namespace {

using jobkit::JsonField;
using jobkit::JsonObject;

constexpr jobkit::Range<std::int64_t> contractor_id_range{.min = 1, .max = std::numeric_limits<std::int64_t>::max()};
constexpr std::size_t max_listed = 10000;


}  // namespace

jobkit::Result<BadgeJob> read_job(const nlohmann::json& document) {
  return jobkit::read_fields<BadgeJob>(document, [](JsonObject& root) {
    BadgeJob job;
    JsonField one = root.optional("contractor_id");
    JsonField many = root.optional("contractor_ids");
    JsonField scope = root.optional("scope");
    const int modes = (one.present() ? 1 : 0) + (many.present() ? 1 : 0) + (scope.present() ? 1 : 0);
    if (modes == 0) one.reject("give contractor_id, contractor_ids or \"scope\": \"all\"");
    if (modes > 1) {
      (many.present() && one.present() ? many : scope)
          .reject("give only one of contractor_id, contractor_ids and scope");
    }
    if (one.present()) {
      job.mode = Mode::contractor;
      job.contractor_ids.push_back(one.as_integer(contractor_id_range));
    } else if (many.present()) {
      job.mode = Mode::list;
      const auto items = many.as_array(max_listed);
      if (many.json().is_array() && many.json().empty()) many.reject("needs at least one id");
      for (const JsonField& item : items) job.contractor_ids.push_back(item.as_integer(contractor_id_range));
      std::sort(job.contractor_ids.begin(), job.contractor_ids.end());
      job.contractor_ids.erase(std::unique(job.contractor_ids.begin(), job.contractor_ids.end()), job.contractor_ids.end());
    } else if (scope.present()) {
      job.mode = Mode::sweep;
      if (scope.as_string() != "all" && scope.json().is_string()) scope.reject("expected \"all\"");
    }
    job.batch_size = root.optional("batch_size").integer_or(job.batch_size, {.min = 1, .max = 5000});
    job.notify = jobkit::read_notify_settings(root.optional("notify"));
    return job;
  });
}

}  // namespace calc_badges
