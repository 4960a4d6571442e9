// The optimize-image job: which images to read and which variants to make of each, read
// from the job's JSON once, checked completely, with defaults and output names filled in.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "image_format.hpp"
#include "jobkit/job_error.hpp"

namespace optimize_image {

// How the image is fitted into the requested box. Images are never enlarged.
enum class Fit {
  inside,   // keep the aspect ratio; the result fits in the box (the only fit for one side)
  cover,    // fill the box exactly, cropping the centre of what sticks out
  contain,  // fit inside, then pad to exactly the box with the background colour
};

// Animated GIF or WebP input: the first frame only, or every frame (WebP output only).
enum class Frames { first, all };

struct Rgb {
  std::array<double, 3> channels{255, 255, 255};
};

struct Variant {
  std::optional<int> width;   // at least one of width and height is set
  std::optional<int> height;
  Fit fit = Fit::inside;
  OutputFormat format = OutputFormat::webp;
  int quality = 80;           // unused for PNG
  int effort = 4;             // WebP 0-6, AVIF 0-9, PNG zlib level 0-9; unused for JPEG
  Frames frames = Frames::first;
  std::optional<Rgb> background;  // padding for contain, and behind transparency in JPEG
  std::string output;         // relative to STORAGE_DIR; derived when the job gives none
  std::string pointer;        // JSON Pointer of this variant, for errors
  std::string output_field;   // JSON Pointer blamed for a bad output path: "output", or
                              // the image's "output_dir" or "input" for derived names
};

struct ImageJob {
  std::string input;          // relative to STORAGE_DIR
  std::string pointer;        // JSON Pointer of this image's "input" member
  std::vector<Variant> variants;
};

// Batch jobs: what to do when one image is refused (bad content, over a limit). Temporary
// failures (disk full, out of memory) always fail the job, so that it is retried.
enum class OnError { fail, skip };

// Whether the job named one image ({"input": ...}) or a list ({"images": [...]}); the
// result has the same shape.
enum class JobShape { single, batch };

struct Job {
  JobShape shape = JobShape::single;
  OnError on_error = OnError::fail;
  std::vector<ImageJob> images;
};

inline constexpr int k_max_dimension = 16383;  // WebP's limit, used for every format
inline constexpr std::size_t k_max_images = 500;
inline constexpr std::size_t k_max_variants = 20;

// Errors: invalid_data (65) naming every bad field: unknown members, out-of-range values,
// an output name whose extension contradicts its format, two variants with the same output.
jobkit::Result<Job> read_job(const nlohmann::json& document);

// The variants made when an image names none: WebP 1600, 800 and 400 px wide and a JPEG
// 1600 px wide for clients without WebP, all at quality 80.
std::vector<Variant> default_variants();

// "uploads/2024/kitchen.jpg" + 800 px wide WebP -> "uploads/2024/kitchen-800.webp". The
// size part is "800" (width only), "h600" (height only) or "400x300" (both), followed by
// "-cover" or "-contain" for those fits, and "-animated" when every frame is kept.
std::string derived_output_name(const std::string& input, const std::string& output_dir, const Variant& variant);

std::string_view fit_name(Fit fit);

}  // namespace optimize_image
