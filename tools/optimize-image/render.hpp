// Making one variant: shrink-on-load thumbnail, EXIF rotation, fit, alpha handling,
// metadata removal and encoding into memory, so that nothing touches the disk until the
// whole file is ready.
#pragma once

#include <filesystem>
#include <memory>
#include <string_view>

#include <vips/vips8>

#include "input_check.hpp"
#include "job.hpp"

namespace optimize_image {

struct BlobRelease {
  void operator()(VipsBlob* blob) const { vips_area_unref(VIPS_AREA(blob)); }
};

struct EncodedImage {
  std::unique_ptr<VipsBlob, BlobRelease> blob;
  int width = 0;
  int height = 0;  // of one frame
  int frames = 1;

  std::string_view bytes() const;
};

// Throws vips::VError when the image cannot be decoded (truncated, corrupt) or encoded.
// Requires: inspect_input() accepted `input` with `info`.
EncodedImage render_variant(const std::filesystem::path& input, const InputInfo& info, const Variant& variant);

}  // namespace optimize_image
