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

}  // namespace optimize_image
