// Making the variants of one image: shrink-on-load thumbnail, EXIF rotation, fit, alpha handling,
// metadata removal and encoding into memory, so that nothing touches the disk until the
// whole file is ready.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include <vips/vips8>

#include "input_check.hpp"
#include "job.hpp"
#include "variant_plan.hpp"

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

// Makes the variants of one image, decoding the file as few times as plan_variants() allows.
class VariantRenderer {
 public:
  // Requires: inspect_input() accepted `input` with `info`. Keeps references to `variants`.
  VariantRenderer(std::filesystem::path input, const InputInfo& info, const std::vector<Variant>& variants);

  // Throws vips::VError when the image cannot be decoded (truncated, corrupt) or encoded.
  EncodedImage render(std::size_t index);

 private:
  vips::VImage loaded(std::size_t index);
  vips::VImage base();

  std::filesystem::path m_input;
  InputInfo m_info;
  const std::vector<Variant>& m_variants;
  VariantPlan m_plan;
  std::optional<vips::VImage> m_base;
};

}  // namespace optimize_image
