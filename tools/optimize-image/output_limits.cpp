// Output limits: variants, encoder effort and output pixels.
#include "output_limits.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "variant_plan.hpp"

namespace optimize_image {
namespace {

using jobkit::ExitCode;
using jobkit::JobError;

}  // namespace

jobkit::Status check_requested_output(const Job& job, const OutputLimits& limits) {
  for (const ImageJob& image : job.images) {
    if (static_cast<std::int64_t>(image.variants.size()) > limits.max_variants) {
      const Variant& first_over = image.variants[static_cast<std::size_t>(limits.max_variants)];
      return JobError::make(ExitCode::invalid_data,
                            fmt::format("{}: {} variants, over the limit of {} per image (--max-variants)", image.input,
                                        image.variants.size(), limits.max_variants),
                            first_over.pointer);
    }
    for (const Variant& variant : image.variants) {
      if (variant.format == OutputFormat::avif && variant.effort > limits.max_avif_effort) {
        return JobError::make(ExitCode::invalid_data,
                              fmt::format("AVIF effort {} is over the limit of {} (--max-avif-effort)", variant.effort,
                                          limits.max_avif_effort),
                              variant.pointer + "/effort");
      }
    }
  }
  return jobkit::Done{};
}

std::int64_t output_pixels_bound(const InputInfo& info, const Variant& variant) {
  const bool sideways = info.orientation >= 5;
  const std::int64_t input_width = sideways ? info.height : info.width;
  const std::int64_t input_height = sideways ? info.width : info.height;
  const std::int64_t width = variant.width.value_or(input_width);
  const std::int64_t height = variant.height.value_or(input_height);
  std::int64_t pixels = std::min(width, input_width) * std::min(height, input_height);  // cover: cropped, never enlarged
  if (variant.fit == Fit::contain) pixels = width * height;  // padded to the whole box
  if (variant.fit == Fit::inside) {  // the input scaled to fit, never enlarged
    const double scale = std::min({1.0, static_cast<double>(width) / static_cast<double>(input_width),
                                   static_cast<double>(height) / static_cast<double>(input_height)});
    pixels = static_cast<std::int64_t>(static_cast<double>(input_width) * static_cast<double>(input_height) * scale * scale) + 1;
  }
  return pixels * (keeps_all_frames(info, variant) ? info.frames : 1);
}

jobkit::Status check_output_pixels(const ImageJob& image, const InputInfo& info, const OutputLimits& limits,
                                   std::int64_t& job_pixels) {
  for (const Variant& variant : image.variants) {
    const std::int64_t pixels = output_pixels_bound(info, variant);
    if (pixels > limits.max_output_pixels) {
      return JobError::make(ExitCode::invalid_data,
                            fmt::format("{}: {} would have up to {} of output, over the limit of {} per variant "
                                        "(--max-output-pixels)",
                                        image.input, variant.output, megapixels(pixels),
                                        megapixels(limits.max_output_pixels)),
                            variant.pointer);
    }
    job_pixels += pixels;
  }
  if (job_pixels > limits.max_job_output_pixels) {
    return JobError::make(ExitCode::invalid_data,
                          fmt::format("{}: the job's variants would have up to {} of output, over the limit of {} "
                                      "per job (--max-job-output-pixels)",
                                      image.input, megapixels(job_pixels), megapixels(limits.max_job_output_pixels)),
                          image.pointer);
  }
  return jobkit::Done{};
}

}  // namespace optimize_image
