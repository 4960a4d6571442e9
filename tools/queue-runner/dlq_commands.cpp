// dlq list | show | retry | purge, over the dead-letter queue of the BullMQ library.
#include <cstdio>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "bullmq/dead_letters.hpp"
#include "command_context.hpp"
#include "commands.hpp"
#include "duration.hpp"
#include "job_processor.hpp"
#include "tool_process.hpp"

namespace queue_runner {
namespace {

using jobkit::ExitCode;
using jobkit::JobError;

// Edited data must pass the tool's own validation before it goes back on a queue.
jobkit::Status validate_with_dry_run(const CommandContext& context, const std::string& queue_name,
                                     const std::string& job_name, const std::string& data) {
  if (!context.config) {
    return JobError::make(ExitCode::usage, "--data-file needs --config, to check the data with the tool's --dry-run");
  }
  for (const auto& queue : context.config->queues) {
    if (queue.name != queue_name) continue;
    ToolInvocation invocation;
    invocation.argv = queue.command_for(job_name);
    invocation.argv.push_back("--dry-run");
    // The environment the queue's jobs get (STORAGE_DIR, SMTP_URL, PATH, ...), without which
    // a tool refuses any job: the check must judge the data, not the settings.
    invocation.environment = queue_environment(queue);
    invocation.input = data;
    invocation.limits.timeout_ms = 60000;
    const ToolOutcome outcome = run_tool_process(invocation);
    if (outcome.end == ToolEnd::exited && outcome.exit_code == 0) return jobkit::Done{};
    return JobError::make(ExitCode::invalid_data, fmt::format("the edited data fails {} --dry-run: {}",
                                                              invocation.argv.front(), outcome.output));
  }
  return JobError::make(ExitCode::usage, fmt::format("queue {} is not in the configuration", queue_name));
}

}  // namespace

ExitCode dlq_list_command(const CommandLine& line) {
  auto context = open_command_context(line);
  if (!context) return report(context.error());
  auto letters = bullmq::DeadLetterQueue(context->prefix, line.dead_letter_queue).list(context->redis);
  if (!letters) return report(letters.error());
  std::vector<bullmq::StoredDeadLetter> listed;
  for (auto& stored : letters.value()) {
    if (line.queue.empty() || stored.letter.queue == line.queue) listed.push_back(std::move(stored));
  }
  if (line.json) {
    nlohmann::ordered_json summaries = nlohmann::ordered_json::array();
    for (const auto& stored : listed) summaries.push_back(bullmq::to_summary_json(stored));
    print_line(summaries.dump());
    return ExitCode::ok;
  }
  for (const auto& [id, letter] : listed) {
    print_line(fmt::format("{}  {}/{} ({})  {}", id, letter.queue, letter.job_id, letter.name, letter.failed_reason));
  }
  print_line(fmt::format("{} dead letter(s)", listed.size()));
  return ExitCode::ok;
}

ExitCode dlq_show_command(const CommandLine& line) {
  auto context = open_command_context(line);
  if (!context) return report(context.error());
  auto stored = bullmq::DeadLetterQueue(context->prefix, line.dead_letter_queue).show(context->redis, line.id);
  if (!stored) return report(stored.error());
  print_line(bullmq::to_json(stored->letter).dump(2));
  return ExitCode::ok;
}

ExitCode dlq_retry_command(const CommandLine& line) {
  auto context = open_command_context(line);
  if (!context) return report(context.error());
  const bullmq::DeadLetterQueue letters(context->prefix, line.dead_letter_queue);
  std::optional<std::string> edited_data;
  if (!line.data_file.empty()) {
    auto stored = letters.show(context->redis, line.id);
    if (!stored) return report(stored.error());
    auto edited = read_job_data(line.data_file);
    if (!edited) return report(edited.error());
    if (auto valid = validate_with_dry_run(context.value(), stored->letter.queue, stored->letter.name, edited.value());
        !valid) {
      return report(valid.error());
    }
    edited_data = std::move(edited.value());
  }
  auto id = letters.retry(context->redis, line.id, edited_data);
  if (!id) return report(id.error());
  print_line(id.value());
  return ExitCode::ok;
}

ExitCode dlq_purge_command(const CommandLine& line) {
  std::int64_t older_than_ms = 0;
  if (!line.older_than.empty()) {
    const auto parsed = parse_duration_ms(line.older_than);
    if (!parsed) {
      return report(JobError::make(ExitCode::usage, "--older-than takes a duration such as 30d, 12h, 15m or 90s"));
    }
    older_than_ms = *parsed;
  }
  auto context = open_command_context(line);
  if (!context) return report(context.error());
  auto removed = bullmq::DeadLetterQueue(context->prefix, line.dead_letter_queue)
                     .purge(context->redis, bullmq::now_ms() - older_than_ms);
  if (!removed) return report(removed.error());
  print_line(fmt::format("removed {} dead letter(s)", removed.value()));
  return ExitCode::ok;
}

}  // namespace queue_runner
