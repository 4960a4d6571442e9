// Which variants of one image can share one decode. Decoding dominates after encoding: for a
// 12-megapixel JPEG the decode behind a 400 px variant costs about 85 ms even shrunk on
// load (the whole file is still entropy-decoded), an eighth of the image's work. So the
// largest variant's image is decoded once and kept in memory, and a variant at most half its
// scale is resampled from it instead of decoding the file again.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "input_check.hpp"
#include "job.hpp"

namespace optimize_image {

enum class VariantSource {
  file,       // decoded from the file on its own
  base,       // the kept image as it is: the largest variant itself, or one of the same geometry
  resampled,  // shrunk from the kept image
};

struct VariantPlan {
  std::optional<std::size_t> base;     // the variant whose decoded image is kept; none when nothing shares it
  std::vector<VariantSource> sources;  // one per variant, in order
};

VariantPlan plan_variants(const InputInfo& info, const std::vector<Variant>& variants);

// The factor the variant shrinks the whole upright original by: at most 1 (never enlarged).
double variant_scale(const InputInfo& info, const Variant& variant);

// Whether this variant keeps every frame of an animation (those are never shared).
bool keeps_all_frames(const InputInfo& info, const Variant& variant);

}  // namespace optimize_image
