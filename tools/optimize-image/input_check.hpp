// Admission of one uploaded file: everything that can be learnt without decoding pixels
// (file size, format by content, the loader libvips would use, dimensions, frames,
// interlacing) is checked against the limits before any decoding starts.
#pragma once

#include <filesystem>
#include <string>

#include "image_format.hpp"
#include "jobkit/job_error.hpp"
#include "limits.hpp"

namespace optimize_image {

struct InputInfo {
  InputFormat format = InputFormat::jpeg;
  int width = 0;
  int height = 0;        // of one frame or page
  int frames = 1;        // frames (GIF, WebP) or pages (TIFF, HEIF) in the file
  int orientation = 1;   // EXIF orientation; 5 to 8 turn the image on its side
  bool interlaced = false;  // progressive JPEG or interlaced PNG
  std::int64_t file_bytes = 0;
};

// Where an input is, and how to name it in messages without revealing STORAGE_DIR.
struct InputLocation {
  // What libvips opens: /proc/self/fd/N of the file opened beneath STORAGE_DIR, never a
  // name from the job (libvips would read "name.jpg[options]" as load options).
  std::filesystem::path path;
  std::string name;            // as the job wrote it
  std::string field;           // JSON Pointer of the job's "input" member
};

// Errors: missing_input (66) when the file does not exist; invalid_data (65) for anything
// else that makes the file unacceptable: empty, too large, not a regular file, a format
// that is not accepted (SVG, PDF, text, ...), a header libvips cannot read, or dimensions,
// frames or interlacing over the limits. Messages start with the input's name.
// Requires: a VipsSession exists.
jobkit::Result<InputInfo> inspect_input(const InputLocation& input, const Limits& limits);

// A pixel count for messages: "268.4 MP".
std::string megapixels(std::int64_t pixels);

// A libvips error (the text of vips::VError) as one line, with the absolute path replaced
// by the name the job used.
std::string describe_vips_error(const std::string& text, const InputLocation& input);

}  // namespace optimize_image
