// What one job may ask to be made. An upload of a few KB can ask for a 16383x16383 padded
// AVIF at effort 9 (gigabytes of memory, minutes of CPU): the operator's output limits
// refuse such requests with 65 before anything is decoded.
#pragma once

#include <cstdint>

#include "input_check.hpp"
#include "job.hpp"
#include "jobkit/job_error.hpp"
#include "limits.hpp"

namespace optimize_image {

// The number of variants per image and the AVIF encoder effort, from the job alone.
// Errors: invalid_data (65) naming the first variant over a limit.
jobkit::Status check_requested_output(const Job& job, const OutputLimits& limits);

// The most pixels a variant can have (all frames counted): its box, or the input where the
// variant is never larger than the input (inside, cover).
std::int64_t output_pixels_bound(const InputInfo& info, const Variant& variant);

// Each variant and all of them together (added to job_pixels, the pixels of the job's
// earlier images) against the limits, from the input's header, before decoding.
// Errors: invalid_data (65) naming the variant, or the input for the job's total.
jobkit::Status check_output_pixels(const ImageJob& image, const InputInfo& info, const OutputLimits& limits,
                                   std::int64_t& job_pixels);

}  // namespace optimize_image
