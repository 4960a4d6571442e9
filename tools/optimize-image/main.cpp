// optimize-image: arguments only; the work is in optimize_image.cpp.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <limits>

#include "jobkit/tool_main.hpp"
#include "optimize_image.hpp"
#include "options.hpp"

namespace {

// CLI::PositiveNumber reads as a double and words its refusal as a range up to DBL_MAX.
const CLI::Range k_positive(std::int64_t{1}, std::numeric_limits<std::int64_t>::max());

void add_options(CLI::App& app, optimize_image::Options& options) {
  optimize_image::Limits& limits = options.limits;
  app.add_option("--max-pixels", limits.max_pixels, "Refuse images with more pixels (width x height) per frame")
      ->check(k_positive)->capture_default_str();
  app.add_option("--max-progressive-pixels", limits.max_progressive_pixels,
                 "Tighter pixel limit for progressive JPEGs and interlaced PNGs")
      ->check(k_positive)->capture_default_str();
  app.add_option("--max-frames", limits.max_frames, "Refuse files with more frames or pages")
      ->check(k_positive)->capture_default_str();
  app.add_option("--max-file-bytes", limits.max_file_bytes, "Refuse larger input files")
      ->check(k_positive)->capture_default_str();
  optimize_image::OutputLimits& output = options.output_limits;
  app.add_option("--max-output-pixels", output.max_output_pixels,
                 "Refuse variants that could have more pixels (all frames counted)")
      ->check(k_positive)->capture_default_str();
  app.add_option("--max-job-output-pixels", output.max_job_output_pixels,
                 "Refuse jobs whose variants together could have more pixels")
      ->check(k_positive)->capture_default_str();
  app.add_option("--max-variants", output.max_variants, "Refuse images with more variants")
      ->check(k_positive)->capture_default_str();
  app.add_option("--max-avif-effort", output.max_avif_effort, "Refuse AVIF variants with a higher encoder effort")
      ->check(CLI::Range(0, 9))->capture_default_str();
  app.add_option("--threads", options.concurrency,
                 "libvips threads per image (default: VIPS_CONCURRENCY, else 1)")
      ->check(CLI::Range(1, 64));
}

}  // namespace

int main(int argc, char** argv) {
  optimize_image::Options options;
  return jobkit::run_tool(
      argc, argv,
      {.name = "optimize-image",
       .summary = "Make resized WebP/AVIF/JPEG/PNG variants of uploaded images, without their metadata.",
       .footer = "Example: echo '{\"input\":\"uploads/a.jpg\"}' | STORAGE_DIR=/srv/storage optimize-image",
       .add_options = [&options](CLI::App& app) { add_options(app, options); },
       .run = [&options](const nlohmann::json& job, const jobkit::ToolContext& context) {
         return optimize_image::run_job(job, context, options);
       }});
}
