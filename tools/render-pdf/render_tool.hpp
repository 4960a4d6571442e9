// render-pdf's job function: job -> document -> checks -> layout -> PDF -> storage -> result.
#pragma once

#include <cstddef>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "jobkit/job_error.hpp"
#include "jobkit/tool_context.hpp"

namespace render_pdf {

// Limits set on the command line.
struct Options {
  std::size_t max_pages = 500;
  std::uint64_t max_image_pixels = 40'000'000;
};

jobkit::Result<nlohmann::json> render_pdf_job(const nlohmann::json& job, const jobkit::ToolContext& context,
                                              const Options& options);

// For a fork server: opens the default fonts and paints a one-line document in memory, so
// that fonts, FreeType, PoDoFo and libdeflate are ready in every forked job. Throws nothing
// that matters: a failure only means the jobs load it all themselves.
void warm_up(const jobkit::EnvironmentLookup& environment);

}  // namespace render_pdf
