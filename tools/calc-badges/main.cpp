// calc-badges: arguments only; the work is in calc_badges.cpp.
#include <CLI/CLI.hpp>

#include "calc_badges.hpp"
#include "jobkit/tool_main.hpp"
#include "options.hpp"

namespace {

void add_options(CLI::App& app, calc_badges::Options& options) {
  app.add_option("--rules", options.rules_file,
                 "Rules file to apply instead of the shipped one (default: badges.json in CALC_BADGES_RULES_DIR)");
  app.add_option("--queries", options.queries_dir,
                 "Folder of the SQL files to run instead of the shipped ones (default: CALC_BADGES_QUERIES)");
}

}  // namespace

int main(int argc, char** argv) {
  calc_badges::Options options;
  return jobkit::run_tool(
      argc, argv,
      {.name = "calc-badges",
       .summary = "Award and revoke contractor badges from rules over reviews, bookings and rankings in PostgreSQL.",
       .footer = "Example: echo '{\"contractor_id\":42}' | DATABASE_URL=postgresql://app@db/platform calc-badges",
       .add_options = [&options](CLI::App& app) { add_options(app, options); },
       .run = [&options](const nlohmann::json& job, const jobkit::ToolContext& context) {
         return calc_badges::run_job(job, context, options);
       },
       .warm_up = calc_badges::warm_up,
       .spare_work = calc_badges::prepare_next_job});
}
