// calc-rankings: arguments only; the work is in calc_rankings.cpp.
#include <CLI/CLI.hpp>

#include "calc_rankings.hpp"
#include "jobkit/tool_main.hpp"
#include "options.hpp"

namespace {

void add_options(CLI::App& app, calc_rankings::Options& options) {
  app.add_option("--queries", options.queries_dir,
                 "Folder of the SQL files to run instead of the shipped ones (default: CALC_RANKINGS_QUERIES)");
}

}  // namespace

int main(int argc, char** argv) {
  calc_rankings::Options options;
  return jobkit::run_tool(
      argc, argv,
      {.name = "calc-rankings",
       .summary = "Score and rank contractors per category and region from PostgreSQL; publish to Redis and contractor_rankings.",
       .footer = "Example: echo '{\"scope\":\"all\",\"as_of\":\"2026-11-28T00:00:00Z\"}' | "
                 "DATABASE_URL=postgresql://app@db/platform REDIS_URL=redis://127.0.0.1:6379 calc-rankings",
       .add_options = [&options](CLI::App& app) { add_options(app, options); },
       .run = [&options](const nlohmann::json& job, const jobkit::ToolContext& context) {
         return calc_rankings::run_job(job, context, options);
       }});
}
