// Images read from STORAGE_DIR: sniffed by their first bytes (never by file name) and sized
// from their headers, so that a decompression bomb is refused before anything decodes it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "jobkit/job_error.hpp"
#include "layout.hpp"

namespace render_pdf {

enum class ImageFormat { jpeg, png };

struct ImageFile {
  ImageFormat format = ImageFormat::jpeg;
  std::string bytes;
  PixelSize size;
};

struct ImageLimits {
  std::uint64_t max_pixels = 40'000'000;
  std::uintmax_t max_bytes = 32 * 1024 * 1024;
};

// Errors, each naming field: missing_input (66) when the file does not exist;
// invalid_data (65) when it is not a JPEG or PNG, its header is damaged, or it is larger
// than the limits; io_error (74) when it cannot be read.
jobkit::Result<ImageFile> read_image_file(const std::filesystem::path& path, const std::string& field,
                                          const ImageLimits& limits);

}  // namespace render_pdf
