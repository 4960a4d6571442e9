// jobkit-bench-spawn: runs one tool N times with queue-runner's own process code
// (run_tool_process), by exec or through the tool's fork server, and prints one line per run
// (wall microseconds), then a summary line: "cpu_ms_per_run <x> peak_rss_kb <y>". CPU and
// memory come from RUSAGE_CHILDREN, which holds the fork server's children once it has
// exited. --pause-ms waits that long before each run, as between jobs that arrive apart (a
// fork server's spare then has its next process ready). For tests/bench; not installed.
//   jobkit-bench-spawn [--fork-server] [--pause-ms MS] --runs N --input FILE [--env NAME=VALUE]... -- TOOL [ARGS]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tool_fork_server.hpp"
#include "tool_process.hpp"

namespace {

struct Options {
  bool fork_server = false;
  int runs = 100;
  int pause_ms = 0;
  std::string input_path;
  std::vector<std::string> environment;
  std::vector<std::string> argv;
};

bool parse(int argc, char** argv, Options& options) {
  int index = 1;
  for (; index < argc; ++index) {
    const std::string argument = argv[index];
    const bool has_value = index + 1 < argc;
    if (argument == "--") break;
    if (argument == "--fork-server") options.fork_server = true;
    else if (argument == "--runs" && has_value) options.runs = std::atoi(argv[++index]);
    else if (argument == "--pause-ms" && has_value) options.pause_ms = std::atoi(argv[++index]);
    else if (argument == "--input" && has_value) options.input_path = argv[++index];
    else if (argument == "--env" && has_value) options.environment.emplace_back(argv[++index]);
    else return false;
  }
  for (++index; index < argc; ++index) options.argv.emplace_back(argv[index]);
  return !options.argv.empty() && options.runs > 0 && options.pause_ms >= 0 && !options.input_path.empty();
}

double cpu_ms(const rusage& usage) {
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

int run(const Options& options) {
  std::ifstream file(options.input_path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  queue_runner::ToolInvocation invocation;
  invocation.argv = options.argv;
  invocation.environment = options.environment;
  invocation.input = text.str();
  rusage before{};
  ::getrusage(RUSAGE_CHILDREN, &before);
  {
    auto server = options.fork_server ? queue_runner::ToolForkServer::start(options.argv.front(), options.environment)
                                      : nullptr;
    if (options.fork_server && !server) return 1;
    invocation.fork_server = server.get();
    for (int run = 0; run < options.runs; ++run) {
      std::this_thread::sleep_for(std::chrono::milliseconds(options.pause_ms));
      const auto started = std::chrono::steady_clock::now();
      const auto outcome = queue_runner::run_tool_process(invocation);
      const auto elapsed = std::chrono::steady_clock::now() - started;
      if (outcome.end != queue_runner::ToolEnd::exited || outcome.exit_code != 0) {
        std::cerr << "bench-spawn: run " << run << " failed: " << outcome.output << outcome.error << '\n';
        return 1;
      }
      std::cout << std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count() << '\n';
    }
  }  // the server exits here, so that its children's usage reaches ours
  rusage after{};
  ::getrusage(RUSAGE_CHILDREN, &after);
  std::cout << "cpu_ms_per_run " << (cpu_ms(after) - cpu_ms(before)) / options.runs << " peak_rss_kb " << after.ru_maxrss
            << '\n';
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parse(argc, argv, options)) {
    std::cerr << "usage: jobkit-bench-spawn [--fork-server] [--pause-ms MS] --runs N --input FILE [--env NAME=VALUE]... -- TOOL [ARGS]\n";
    return 64;
  }
  return run(options);
}
