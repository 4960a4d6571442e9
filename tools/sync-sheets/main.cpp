// sync-sheets: arguments only; the work is in sync_sheets.cpp.
#include <CLI/CLI.hpp>

#include "jobkit/tool_main.hpp"
#include "options.hpp"
#include "sync_sheets.hpp"

namespace {

void add_options(CLI::App& app, sync_sheets::Options& options) {
  app.add_option("--queries", options.queries_dir,
                 "Folder of the named SQL queries to use instead of the shipped ones (default: SYNC_SHEETS_QUERIES)");
}

}  // namespace

int main(int argc, char** argv) {
  sync_sheets::Options options;
  return jobkit::run_tool(
      argc, argv,
      {.name = "sync-sheets",
       .summary = "Append, upsert or replace rows of a Google Sheets tab (values written RAW, never as formulas).",
       .footer = "Example: echo '{\"spreadsheet_id\":\"1AbC\",\"tab\":\"Bookings\",\"mode\":\"append\",\"key\":\"id\","
                 "\"columns\":[\"id\",\"status\"],\"rows\":[{\"id\":7,\"status\":\"requested\"}]}' | "
                 "GOOGLE_APPLICATION_CREDENTIALS=/etc/jobkit/sheets-key.json sync-sheets",
       .add_options = [&options](CLI::App& app) { add_options(app, options); },
       .run = [&options](const nlohmann::json& job, const jobkit::ToolContext& context) {
         return sync_sheets::run_job(job, context, options);
       }});
}
