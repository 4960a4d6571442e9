// The real jobkit-contract-tool run through run_tool_process, as the runner runs every tool.
#include <doctest/doctest.h>

#include <csignal>
#include <string>
#include <vector>

#include "process.hpp"
#include "tool_process.hpp"

using queue_runner::run_tool_process;
using queue_runner::ToolEnd;
using queue_runner::ToolInvocation;

namespace {

ToolInvocation contract_tool(std::string input) {
  ToolInvocation invocation;
  invocation.argv = {jobkit::testing::built_program("jobkit-contract-tool").string()};
  invocation.environment = {"JOB_PROGRESS_FD=3", "JOB_ATTEMPT=1", "JOB_ID=7"};
  invocation.input = std::move(input);
  return invocation;
}

}  // namespace

TEST_CASE("run_tool_process: stdout - stderr lines and progress lines are all delivered") {
  std::vector<std::string> logs, progress;
  auto invocation = contract_tool(R"({"message":"hi","log":["one","two"],"progress":[30,60]})");
  invocation.on_log_line = [&](std::string_view line) { logs.emplace_back(line); };
  invocation.on_progress_line = [&](std::string_view line) { progress.emplace_back(line); };
  const auto outcome = run_tool_process(invocation);
  CHECK(outcome.end == ToolEnd::exited);
  CHECK(outcome.exit_code == 0);
  CHECK(outcome.output.find("\"job_id\":\"7\"") != std::string::npos);
  REQUIRE(logs.size() == 2);
  CHECK(logs[1].find("two") != std::string::npos);
  CHECK(progress == std::vector<std::string>{"30", "60"});
  CHECK(outcome.stderr_tail.size() == 2);
}

TEST_CASE("run_tool_process: a tool that ignores SIGTERM is killed after the grace period") {
  auto invocation = contract_tool(R"({"message":"hang","sleep_ms":60000,"ignore_sigterm":true})");
  invocation.limits.timeout_ms = 200;
  invocation.limits.kill_grace_ms = 200;
  const auto outcome = run_tool_process(invocation);
  CHECK(outcome.end == ToolEnd::timed_out);
  CHECK(outcome.signal == SIGKILL);
}

TEST_CASE("run_tool_process: a crash is reported with its signal") {
  const auto outcome = run_tool_process(contract_tool(R"({"message":"x","fail":{"kind":"abort"}})"));
  CHECK(outcome.end == ToolEnd::signalled);
  CHECK(outcome.signal == SIGABRT);
  CHECK(queue_runner::signal_name(outcome.signal) == "SIGABRT");
}

TEST_CASE("run_tool_process: stdout beyond the cap stops the tool") {
  auto invocation = contract_tool(R"({"message":"x","output_bytes":10000000})");
  invocation.limits.max_output_bytes = 1024 * 1024;
  const auto outcome = run_tool_process(invocation);
  CHECK(outcome.end == ToolEnd::output_too_large);
  CHECK(outcome.output.size() == 1024 * 1024);
}

TEST_CASE("run_tool_process: should_stop ends the tool like a timeout") {
  auto invocation = contract_tool(R"({"message":"slow","sleep_ms":60000})");
  invocation.should_stop = [] { return true; };
  const auto outcome = run_tool_process(invocation);
  CHECK(outcome.end == ToolEnd::stopped);
  CHECK(outcome.signal == SIGTERM);
}

TEST_CASE("run_tool_process: a large job reaches stdin whole") {
  const std::string big(3 * 1024 * 1024, 'm');
  const auto outcome = run_tool_process(contract_tool("{\"message\":\"x\",\"log\":[\"" + big + "\"]}"));
  CHECK(outcome.exit_code == 0);
}

TEST_CASE("run_tool_process: a program that cannot be executed") {
  ToolInvocation invocation;
  invocation.argv = {"/nonexistent/tool"};
  const auto outcome = run_tool_process(invocation);
  CHECK(outcome.end == ToolEnd::not_started);
  CHECK(outcome.error == "cannot execute /nonexistent/tool: No such file or directory");
}
