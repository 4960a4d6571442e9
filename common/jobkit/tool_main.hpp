// The one main() of every jobkit tool. A tool supplies its name, its own options and one
// function from the job to a result; run_tool does everything the job contract asks around
// it: common options, logging on stderr, reading and checking the job, the JSON result or
// error on stdout, and the exit code. No other code turns exceptions into exit codes.
#pragma once

#include <functional>
#include <string>

#include "jobkit/fork_server.hpp"
#include "jobkit/tool_context.hpp"

namespace CLI {
class App;  // <CLI/App.hpp> costs seconds of compile time; only main() files need it whole
}

namespace jobkit {

struct ToolDefinition {
  std::string name;     // the executable's name, e.g. "render-pdf"
  std::string summary;  // one line, first in --help
  std::string footer;   // shown at the end of --help, e.g. an example; may be empty
  // Declares the tool's own options on the parser (bind them to the tool's Options struct).
  std::function<void(CLI::App&)> add_options;
  ToolFunction run;
  // Optional: run once by a fork server before it serves, to load what nearly every job
  // loads (render-pdf: its fonts), so that each forked job finds it in memory. Must start
  // no thread: the server forks.
  std::function<void(const EnvironmentLookup& environment)> warm_up;
  // Optional: what the fork server's spare does while it waits for its job (calc-badges:
  // opens the job's PostgreSQL connection), so that the job starts with it done.
  SpareWorkFactory spare_work;
};

// Common options: --help, --version, --dry-run, --input FILE, --log-level LEVEL,
// --log-format text|json, --max-input-bytes N. Returns the process exit status.
// `TOOL --fork-server` (for queue-runner, not people) serves jobs as fork_server.hpp says.
int run_tool(int argc, const char* const* argv, const ToolDefinition& tool);

}  // namespace jobkit
