// Exit statuses, signals and limits turned into BullMQ's completed/failed and reasons.
#include "tool_verdict.hpp"

#include <fmt/format.h>

#include "jobkit/exit_code.hpp"
#include "jobkit/node_json.hpp"

namespace queue_runner {
namespace {

// The message of the tool's JSON error object, or "" when stdout holds none.
std::string error_message_of(const std::string& output) {
  const auto body = nlohmann::json::parse(output, nullptr, false);
  if (body.is_object() && body.contains("error") && body["error"].is_object()) {
    return body["error"].value("message", "");
  }
  return "";
}

}  // namespace

ToolVerdict permanent_failure(std::string reason) { return {false, true, std::move(reason), {}}; }

ToolVerdict judge_tool_outcome(const ToolOutcome& outcome, const ToolLimits& limits) {
  ToolVerdict verdict;
  switch (outcome.end) {
    case ToolEnd::not_started:
      verdict.value = fmt::format("cannot start the tool: {}", outcome.error);
      return verdict;
    case ToolEnd::timed_out:
      verdict.value = fmt::format("timed out after {} ms", limits.timeout_ms);
      return verdict;
    case ToolEnd::output_too_large:
      verdict.value = fmt::format("the tool wrote more than max_output_bytes ({} bytes) to stdout", limits.max_output_bytes);
      return verdict;
    case ToolEnd::signalled:
      verdict.value = fmt::format("killed by signal {}", signal_name(outcome.signal));
      return verdict;
    case ToolEnd::stopped:
      verdict.value = "stopped by shutdown";
      return verdict;
    case ToolEnd::exited:
      break;
  }
  if (outcome.exit_code != 0) {
    const std::string message = error_message_of(outcome.output);
    verdict.permanent = jobkit::retry_for_exit_status(outcome.exit_code) == jobkit::Retry::no;
    verdict.value = message.empty() ? fmt::format("exited with status {}", outcome.exit_code) : message;
    return verdict;
  }
  // The return value is stored as a Node worker would store it, JSON.stringify of the
  // parsed result: key order, number forms and escapes as JavaScript writes them.
  auto value = jobkit::node_json_round_trip(outcome.output);
  if (!value) {
    verdict.value = "exited with status 0 but its stdout is not one JSON value";
    return verdict;
  }
  verdict.success = true;
  verdict.value = std::move(*value);
  // For the runner's own reading ("enqueue"); nlohmann refuses the lone-surrogate escapes
  // the value may hold, and such a result simply asks for nothing.
  verdict.result = nlohmann::json::parse(verdict.value, nullptr, false);
  if (verdict.result.is_discarded()) verdict.result = nlohmann::json::object();
  return verdict;
}

}  // namespace queue_runner
