// `queue-runner top`: the configured queues' reading redrawn every second on a terminal until
// q or Ctrl-C, or printed once as plain text when stdout is no terminal or with --once.
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <string>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "command_context.hpp"
#include "commands.hpp"
#include "terminal_session.hpp"
#include "top_snapshot.hpp"

namespace queue_runner {
namespace {

constexpr std::chrono::milliseconds k_top_refresh{1000};

// The config's queues, or only --queue (with the config's settings for it when it has it).
std::vector<WatchedQueue> watched_queues(const CommandContext& context, const CommandLine& line) {
  std::vector<WatchedQueue> queues;
  if (context.config) {
    for (const auto& queue : context.config->queues) {
      if (line.queue.empty() || line.queue == queue.name) {
        queues.push_back({queue.name, queue.concurrency, queue.dead_letter_queue});
      }
    }
  }
  if (queues.empty() && !line.queue.empty()) queues.push_back({line.queue, 0, line.dead_letter_queue});
  return queues;
}

void draw(const std::vector<std::string>& lines) {
  std::string screen = "\x1b[H\x1b[2J";  // home, then clear: one write, so nothing flickers
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  screen += fmt::format("queue-runner top   {:%Y-%m-%d %H:%M:%S}   (q quits)\n\n", fmt::localtime(now));
  for (const auto& line : lines) screen += line + "\n";  // the terminal adds the carriage return (OPOST stays on)
  std::fputs(screen.c_str(), stdout);
  std::fflush(stdout);
}

jobkit::ExitCode watch(CommandContext& context, const CommandLine& line, const std::vector<WatchedQueue>& queues) {
  catch_stop_signals();
  TerminalSession terminal;
  for (;;) {
    auto reading = read_top(context.redis, context.prefix, queues);
    if (reading) {
      draw(format_top(reading.value()));
    } else {
      // Redis gone for a moment is what an operator may be watching for: say so and go on.
      draw({fmt::format("cannot read the queues: {}", reading.error().message)});
      if (context.redis.broken()) {
        if (auto reopened = open_command_context(line)) context.redis = std::move(reopened->redis);
      }
    }
    const auto event = terminal.wait_for_key(k_top_refresh);
    if (event == TerminalEvent::key_q || event == TerminalEvent::interrupted || event == TerminalEvent::closed) {
      return jobkit::ExitCode::ok;
    }
  }
}

}  // namespace

jobkit::ExitCode top_command(const CommandLine& line) {
  if (line.config_path.empty() && line.queue.empty()) {
    return report(jobkit::JobError::make(jobkit::ExitCode::usage, "name a queue with --queue or give --config"));
  }
  auto context = open_command_context(line);
  if (!context) return report(context.error());
  const auto queues = watched_queues(context.value(), line);
  if (queues.empty()) {
    return report(jobkit::JobError::make(jobkit::ExitCode::usage, "name a queue with --queue or give --config"));
  }
  if (!line.once && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) return watch(context.value(), line, queues);
  auto reading = read_top(context->redis, context->prefix, queues);
  if (!reading) return report(reading.error());
  for (const auto& text : format_top(reading.value())) print_line(text);
  return jobkit::ExitCode::ok;
}

}  // namespace queue_runner
