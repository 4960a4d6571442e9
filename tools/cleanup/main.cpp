// cleanup: arguments only; the work is in cleanup.cpp.
#include "cleanup.hpp"
#include "jobkit/tool_main.hpp"
#include "options.hpp"

int main(int argc, char** argv) {
  cleanup::Options options;
  return jobkit::run_tool(
      argc, argv,
      {.name = "cleanup",
       .summary = "Remove old audit rows, sessions, files, Redis keys and queue history in small steps a live site "
                  "does not notice.",
       .footer = "Example: echo '{\"target\":\"audit-logs\",\"older_than\":\"90d\",\"max_runtime\":\"10m\"}' | "
                 "DATABASE_URL=postgresql://app@db/platform cleanup",
       .run = [&options](const nlohmann::json& job, const jobkit::ToolContext& context) {
         return cleanup::run_job(job, context, options);
       }});
}
