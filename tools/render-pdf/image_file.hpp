// Images read from STORAGE_DIR: sniffed by their first bytes (never by file name) and sized
// from their headers, so that a decompression bomb is refused before anything decodes it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "jobkit/file_descriptor.hpp"
#include "jobkit/job_error.hpp"
#include "layout.hpp"

namespace render_pdf {

enum class ImageFormat { jpeg, png };

struct ImageFile {
  ImageFormat format = ImageFormat::jpeg;
  std::string bytes;
  PixelSize size;        // as displayed: width and height swapped for orientations 5 to 8
  int orientation = 1;   // EXIF orientation of a JPEG, 1 to 8; the pixels are stored unturned
};

struct ImageLimits {
  std::uint64_t max_pixels = 40'000'000;
  std::uintmax_t max_bytes = 32 * 1024 * 1024;
};

// Reads an opened file (StorageRoot::open_for_reading) whole and checks it as
// image_from_bytes() does. Errors, each naming field: invalid_data (65) when it is larger
// than the limits, io_error (74) when it cannot be read, then as image_from_bytes().
jobkit::Result<ImageFile> read_image_file(const jobkit::FileDescriptor& file, const std::string& field,
                                          const ImageLimits& limits);

// Errors, each naming field: invalid_data (65) when the bytes are not a JPEG or PNG, the
// header is damaged, or the image has more pixels than the limit.
jobkit::Result<ImageFile> image_from_bytes(std::string bytes, const std::string& field, const ImageLimits& limits);

}  // namespace render_pdf
