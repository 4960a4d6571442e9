// Planning shared decodes from the requested boxes and the upright size of the original.
#include "variant_plan.hpp"

#include <algorithm>
#include <limits>

namespace optimize_image {
namespace {

struct Size {
  double width;
  double height;
};

// EXIF orientations 5 to 8 store the picture on its side: thumbnail() turns it upright.
Size upright_size(const InputInfo& info) {
  const bool on_its_side = info.orientation >= 5 && info.orientation <= 8;
  return on_its_side ? Size{double(info.height), double(info.width)} : Size{double(info.width), double(info.height)};
}

bool crops(const Variant& variant) { return variant.fit == Fit::cover && variant.width && variant.height; }

// The factor the variant shrinks the whole upright image by (never above 1: no enlarging).
double scale_of(const Variant& variant, Size original) {
  constexpr double unbounded = std::numeric_limits<double>::infinity();
  const double across = variant.width ? *variant.width / original.width : unbounded;
  const double down = variant.height ? *variant.height / original.height : unbounded;
  return std::min(1.0, crops(variant) ? std::max(across, down) : std::min(across, down));
}

bool same_geometry(const Variant& a, const Variant& b) {
  return a.width == b.width && a.height == b.height && crops(a) == crops(b);
}

}  // namespace

double variant_scale(const InputInfo& info, const Variant& variant) { return scale_of(variant, upright_size(info)); }

bool keeps_all_frames(const InputInfo& info, const Variant& variant) {
  return variant.frames == Frames::all && info.frames > 1;
}

VariantPlan plan_variants(const InputInfo& info, const std::vector<Variant>& variants) {
  VariantPlan plan{.base = std::nullopt, .sources = std::vector<VariantSource>(variants.size(), VariantSource::file)};
  const Size original = upright_size(info);
  std::optional<std::size_t> largest;
  for (std::size_t i = 0; i < variants.size(); ++i) {
    if (keeps_all_frames(info, variants[i])) continue;
    if (!largest || scale_of(variants[i], original) > scale_of(variants[*largest], original)) largest = i;
  }
  // A cropped image is not the whole picture, so smaller variants cannot come from it.
  if (!largest || crops(variants[*largest])) return plan;
  const double base_scale = scale_of(variants[*largest], original);
  bool shared = false;
  for (std::size_t i = 0; i < variants.size(); ++i) {
    if (i == *largest || keeps_all_frames(info, variants[i])) continue;
    if (same_geometry(variants[i], variants[*largest])) {
      plan.sources[i] = VariantSource::base;
      shared = true;
    } else if (scale_of(variants[i], original) <= base_scale / 2) {
      // Closer than half, a second resampling would soften the variant: decode it afresh.
      plan.sources[i] = VariantSource::resampled;
      shared = true;
    }
  }
  if (shared) {
    plan.base = largest;
    plan.sources[*largest] = VariantSource::base;
  }
  return plan;
}

}  // namespace optimize_image
