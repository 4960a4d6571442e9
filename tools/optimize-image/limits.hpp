// The limits that protect a worker from hostile uploads, set by the operator on the command
// line (never by job data).
#pragma once

#include <cstdint>

namespace optimize_image {

struct Limits {
  // width x height of one frame; sharp's default (0x3FFF squared).
  std::int64_t max_pixels = 268'402'689;
  // Progressive JPEGs and interlaced PNGs cannot be streamed: the decoder holds the whole
  // image, so they get a tighter limit.
  std::int64_t max_progressive_pixels = 40'000'000;
  // Frames (GIF, WebP) or pages (TIFF, HEIF) in the file.
  std::int64_t max_frames = 256;
  std::int64_t max_file_bytes = std::int64_t{64} << 20;
};

// What a job may ask to be made (see output_limits.hpp).
struct OutputLimits {
  // Pixels of one variant, all frames counted: 40 MP, ten times the largest default variant
  // of a 4:3 photo many times over, far below the 268 MP of a 16383x16383 padded box.
  std::int64_t max_output_pixels = 40'000'000;
  // Pixels of all the variants of a job together (a batch included).
  std::int64_t max_job_output_pixels = 400'000'000;
  std::int64_t max_variants = 16;  // per image
  // AVIF effort above this is refused: effort 9 of a large variant runs for minutes.
  std::int64_t max_avif_effort = 6;
};

}  // namespace optimize_image
