// Writing and reading follow-up jobs.
#include "jobkit/follow_up_job.hpp"

namespace jobkit {

nlohmann::json to_json(const FollowUpJob& job) {
  return {{"queue", job.queue}, {"name", job.name}, {"data", job.data}, {"opts", job.opts}};
}

Result<FollowUpJob> read_follow_up_job(const nlohmann::json& entry, std::string_view pointer) {
  const std::string at(pointer);
  const auto queue = entry.is_object() ? entry.find("queue") : entry.end();
  if (!entry.is_object() || queue == entry.end() || !queue->is_string() || queue->get_ref<const std::string&>().empty() ||
      queue->get_ref<const std::string&>().find(':') != std::string::npos) {
    return JobError::make(ExitCode::invalid_data, "result " + at + " needs a queue name without ':'", at);
  }
  FollowUpJob job;
  job.queue = queue->get<std::string>();
  if (const auto name = entry.find("name"); name != entry.end()) {
    if (!name->is_string()) {
      return JobError::make(ExitCode::invalid_data, "result " + at + "/name must be a string", at + "/name");
    }
    job.name = name->get<std::string>();
  }
  if (const auto data = entry.find("data"); data != entry.end()) job.data = *data;
  if (const auto opts = entry.find("opts"); opts != entry.end() && opts->is_object()) job.opts = *opts;
  return job;
}

}  // namespace jobkit
