#include <doctest/doctest.h>

#include <csignal>

#include "tool_verdict.hpp"

using queue_runner::judge_tool_outcome;
using queue_runner::ToolEnd;
using queue_runner::ToolOutcome;

namespace {

ToolOutcome exited(int code, std::string output) {
  ToolOutcome outcome;
  outcome.end = ToolEnd::exited;
  outcome.exit_code = code;
  outcome.output = std::move(output);
  return outcome;
}

}  // namespace

TEST_CASE("judge_tool_outcome: exit 0 with a JSON result completes") {
  const auto verdict = judge_tool_outcome(exited(0, "{\"pages\":2}\n"), {});
  CHECK(verdict.success);
  CHECK(verdict.value == "{\"pages\":2}");
}

TEST_CASE("judge_tool_outcome: exit 0 without JSON is a retried failure that says so") {
  const auto verdict = judge_tool_outcome(exited(0, "done!"), {});
  CHECK_FALSE(verdict.success);
  CHECK_FALSE(verdict.permanent);
  CHECK(verdict.value.find("not one JSON value") != std::string::npos);
}

TEST_CASE("judge_tool_outcome: the contract's permanent codes are not retried") {
  for (const int code : {64, 65, 66, 77}) {
    CAPTURE(code);
    CHECK(judge_tool_outcome(exited(code, ""), {}).permanent);
  }
  for (const int code : {1, 69, 70, 75}) {
    CAPTURE(code);
    CHECK_FALSE(judge_tool_outcome(exited(code, ""), {}).permanent);
  }
}

TEST_CASE("judge_tool_outcome: failedReason is the tool's own error message") {
  const auto verdict = judge_tool_outcome(
      exited(65, R"({"error":{"code":"invalid_field","message":"/to: expected a string","field":"/to"}})"), {});
  CHECK(verdict.value == "/to: expected a string");
  CHECK(judge_tool_outcome(exited(3, ""), {}).value == "exited with status 3");
}

TEST_CASE("judge_tool_outcome: signals - timeouts and big outputs are described") {
  ToolOutcome killed;
  killed.end = ToolEnd::signalled;
  killed.signal = SIGSEGV;
  CHECK(judge_tool_outcome(killed, {}).value == "killed by signal SIGSEGV");
  ToolOutcome slow;
  slow.end = ToolEnd::timed_out;
  CHECK(judge_tool_outcome(slow, {.timeout_ms = 1500}).value == "timed out after 1500 ms");
  ToolOutcome noisy;
  noisy.end = ToolEnd::output_too_large;
  CHECK(judge_tool_outcome(noisy, {.max_output_bytes = 1024}).value.find("1024 bytes") != std::string::npos);
}
