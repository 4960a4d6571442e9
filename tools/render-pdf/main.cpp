// render-pdf: arguments only; the work starts in render_pdf.cpp.
#include <CLI/App.hpp>

#include <cstdint>
#include <limits>

#include "jobkit/tool_main.hpp"
#include "options.hpp"
#include "render_pdf.hpp"

namespace {

// CLI::PositiveNumber reads as a double and words its refusal as a range up to DBL_MAX.
const CLI::Range k_positive(std::int64_t{1}, std::numeric_limits<std::int64_t>::max());

void add_options(CLI::App& app, render_pdf::Options& options) {
  app.add_option("--max-pages", options.max_pages, "Refuse documents longer than this")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--max-image-pixels", options.max_image_pixels, "Refuse images with more pixels")
      ->check(k_positive)
      ->capture_default_str();
}

}  // namespace

int main(int argc, char** argv) {
  render_pdf::Options options;
  return jobkit::run_tool(
      argc, argv,
      {.name = "render-pdf",
       .summary = "Renders an invoice, report or any document model to a PDF stored under STORAGE_DIR.",
       .footer = "Example: echo '{\"template\":\"invoice\",\"data\":{...},\"output\":\"invoices/INV-1.pdf\"}' | "
                 "STORAGE_DIR=/srv/files render-pdf",
       .add_options = [&options](CLI::App& app) { add_options(app, options); },
       .run = [&options](const nlohmann::json& job, const jobkit::ToolContext& context) {
         return render_pdf::run_job(job, context, options);
       },
       .warm_up = render_pdf::warm_up});
}
