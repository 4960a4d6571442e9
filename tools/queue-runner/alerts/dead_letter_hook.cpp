// The command runs the way a tool does (run_tool_process): own process group, rlimit-free,
// stdout and stderr captured, SIGTERM then SIGKILL at the timeout.
#include "alerts/dead_letter_hook.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "tool_process.hpp"

extern char** environ;

namespace queue_runner::alerts {
namespace {

// A burst of dead letters beyond this is an incident the webhook already reports; running
// the command thousands of times over would only delay the next ones.
constexpr std::size_t k_hook_queue_bound = 1000;
constexpr std::int64_t k_hook_kill_grace_ms = 2000;

std::vector<std::string> hook_environment(const DeadLetterNotice& notice) {
  std::vector<std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    if (text.rfind("JOBKIT_DEAD_", 0) != 0) environment.emplace_back(text);
  }
  environment.push_back("JOBKIT_DEAD_QUEUE=" + notice.queue);
  environment.push_back("JOBKIT_DEAD_JOB_ID=" + notice.job_id);
  environment.push_back("JOBKIT_DEAD_REASON=" + notice.reason);
  return environment;
}

}  // namespace

DeadLetterHookRunner::DeadLetterHookRunner(DeadLetterHook hook)
    : m_hook(std::move(hook)),
      m_queue(std::make_unique<BackgroundQueue<DeadLetterNotice>>(
          k_hook_queue_bound, [this](DeadLetterNotice& notice) { run(notice); })) {}

DeadLetterHookRunner::~DeadLetterHookRunner() { m_queue.reset(); }

void DeadLetterHookRunner::notify(DeadLetterNotice notice) {
  const std::string which = notice.queue + "/" + notice.job_id;
  if (!m_queue->post(std::move(notice))) {
    spdlog::warn("alerts: on_dead is {} dead letters behind; not running it for {}", k_hook_queue_bound, which);
  }
}

void DeadLetterHookRunner::run(const DeadLetterNotice& notice) {
  ToolInvocation invocation;
  invocation.argv = m_hook.command;
  invocation.environment = hook_environment(notice);
  invocation.input = nlohmann::json{{"queue", notice.queue}, {"job_id", notice.job_id}, {"reason", notice.reason}}.dump();
  invocation.limits.timeout_ms = m_hook.timeout_ms;
  invocation.limits.kill_grace_ms = k_hook_kill_grace_ms;
  invocation.limits.max_output_bytes = 64 * 1024;
  const ToolOutcome outcome = run_tool_process(invocation);
  if (outcome.end == ToolEnd::exited && outcome.exit_code == 0) return;
  if (outcome.end == ToolEnd::not_started) {
    spdlog::warn("alerts: on_dead for {}/{} did not start: {}", notice.queue, notice.job_id, outcome.error);
  } else if (outcome.end == ToolEnd::timed_out) {
    spdlog::warn("alerts: on_dead for {}/{} took longer than {} ms and was killed", notice.queue, notice.job_id,
                 m_hook.timeout_ms);
  } else {
    spdlog::warn("alerts: on_dead for {}/{} failed (exit {}, signal {})", notice.queue, notice.job_id, outcome.exit_code,
                 outcome.signal);
  }
}

}  // namespace queue_runner::alerts
