// dlq list | show | retry | purge: the dead-letter queue is an ordinary BullMQ queue whose
// waiting jobs are the entries, so dashboards show it too.
#include <cstdio>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "bullmq_queue.hpp"
#include "bullmq_scripts.hpp"
#include "command_context.hpp"
#include "commands.hpp"
#include "duration.hpp"
#include "tool_process.hpp"

namespace queue_runner {
namespace {

using jobkit::ExitCode;
using jobkit::JobError;

struct Entry {
  std::string id;
  nlohmann::json data;
};

jobkit::Result<Entry> load_entry(CommandContext& context, const BullmqQueue& letters, const std::string& id) {
  auto reply = context.redis.command({"HGET", letters.keys().job_key(id), "data"});
  if (!reply) return reply.error();
  if (!reply->value().is_string()) {
    return JobError::make(ExitCode::missing_input, fmt::format("no dead-letter entry {} in {}", id, letters.keys().name));
  }
  auto data = nlohmann::json::parse(reply->value().text(), nullptr, false);
  if (!data.is_object()) return JobError::make(ExitCode::invalid_data, fmt::format("entry {} is not a JSON object", id));
  return Entry{id, std::move(data)};
}

jobkit::Result<std::vector<Entry>> load_entries(CommandContext& context, const BullmqQueue& letters) {
  auto ids = context.redis.command({"LRANGE", letters.keys().key("wait"), "0", "-1"});
  if (!ids) return ids.error();
  std::vector<Entry> entries;
  for (std::size_t i = 0; i < ids->value().size(); ++i) {
    auto entry = load_entry(context, letters, std::string(ids->value().at(i).text()));
    if (entry) entries.push_back(std::move(entry.value()));
  }
  return entries;
}

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
  const BullmqQueue letters({context->prefix, line.dead_letter_queue});
  auto entries = load_entries(context.value(), letters);
  if (!entries) return report(entries.error());
  nlohmann::json listed = nlohmann::json::array();
  for (const auto& entry : entries.value()) {
    if (!line.queue.empty() && entry.data.value("queue", "") != line.queue) continue;
    listed.push_back({{"id", entry.id},
                      {"queue", entry.data.value("queue", "")},
                      {"job_id", entry.data.value("job_id", "")},
                      {"name", entry.data.value("name", "")},
                      {"failed_at", entry.data.value("failed_at", 0)},
                      {"failed_reason", entry.data.value("failed_reason", "")}});
  }
  if (line.json) {
    print_line(listed.dump());
    return ExitCode::ok;
  }
  for (const auto& entry : listed) {
    print_line(fmt::format("{}  {}/{} ({})  {}", entry["id"].get<std::string>(), entry["queue"].get<std::string>(),
                           entry["job_id"].get<std::string>(), entry["name"].get<std::string>(),
                           entry["failed_reason"].get<std::string>()));
  }
  print_line(fmt::format("{} dead letter(s)", listed.size()));
  return ExitCode::ok;
}

ExitCode dlq_show_command(const CommandLine& line) {
  auto context = open_command_context(line);
  if (!context) return report(context.error());
  auto entry = load_entry(context.value(), BullmqQueue({context->prefix, line.dead_letter_queue}), line.id);
  if (!entry) return report(entry.error());
  print_line(entry->data.dump(2));
  return ExitCode::ok;
}

ExitCode dlq_retry_command(const CommandLine& line) {
  auto context = open_command_context(line);
  if (!context) return report(context.error());
  const BullmqQueue letters({context->prefix, line.dead_letter_queue});
  auto entry = load_entry(context.value(), letters, line.id);
  if (!entry) return report(entry.error());
  const std::string queue = entry->data.value("queue", "");
  const std::string name = entry->data.value("name", "");
  std::string data = entry->data.value("data", nlohmann::json::object()).dump();
  if (!line.data_file.empty()) {
    auto edited = read_job_data(line.data_file);
    if (!edited) return report(edited.error());
    if (auto valid = validate_with_dry_run(context.value(), queue, name, edited.value()); !valid) {
      return report(valid.error());
    }
    data = edited.value();
  }
  nlohmann::json opts = entry->data.value("opts", nlohmann::json::object());
  for (const char* stale : {"jobId", "delay", "repeat", "repeatJobKey", "prevMillis", "timestamp"}) opts.erase(stale);
  // Linked to the entry by its id, so the retry can be traced back to what failed.
  opts["jobId"] = fmt::format("{}-retry-{}", line.id, now_ms());
  auto id = BullmqQueue({context->prefix, queue}).add_job(context->redis, {name, data, opts});
  if (!id) return report(id.error());
  (void)context->redis.command({"RPUSH", letters.keys().job_key(line.id) + ":logs",
                                fmt::format("retried as {}/{}", queue, id.value())});
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
  const BullmqQueue letters({context->prefix, line.dead_letter_queue});
  auto entries = load_entries(context.value(), letters);
  if (!entries) return report(entries.error());
  const std::int64_t cutoff = now_ms() - older_than_ms;
  int removed = 0;
  for (const auto& entry : entries.value()) {
    if (entry.data.value("failed_at", std::int64_t{0}) > cutoff) continue;
    if (auto gone = letters.remove_job(context->redis, entry.id); gone && gone.value()) ++removed;
  }
  print_line(fmt::format("removed {} dead letter(s)", removed));
  return ExitCode::ok;
}

}  // namespace queue_runner
