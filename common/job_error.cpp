// JobError construction and its JSON form, the error object every tool prints on stdout:
// {"error":{"code":...,"message":...,"field":...}}.
#include "jobkit/job_error.hpp"

#include <nlohmann/json.hpp>

namespace jobkit {

JobError JobError::make(ExitCode exit_code, std::string message, std::string field) {
  JobError error;
  error.exit_code = exit_code;
  error.code = std::string(exit_code_name(exit_code));
  error.message = std::move(message);
  error.field = std::move(field);
  return error;
}

nlohmann::json to_json(const JobError& error) {
  nlohmann::json body = {{"code", error.code}, {"message", error.message}};
  if (!error.field.empty()) body["field"] = error.field;
  if (error.details.size() > 1) {
    auto& details = body["details"] = nlohmann::json::array();
    for (const auto& problem : error.details) {
      details.push_back({{"field", problem.field}, {"message", problem.message}});
    }
  }
  if (error.retry_after_seconds >= 0) body["retry_after_seconds"] = error.retry_after_seconds;
  return {{"error", std::move(body)}};
}

JobFailure::JobFailure(JobError error) : std::runtime_error(error.message), m_error(std::move(error)) {}

}  // namespace jobkit
