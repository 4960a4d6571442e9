// Which variants share one decode: the plan is pure arithmetic on sizes, so it is tested
// without images (the outputs it leads to are checked in optimize_image_test.cpp).
#include "variant_plan.hpp"

#include <doctest/doctest.h>

#include <vector>

namespace optimize_image {
namespace {

InputInfo photo(int width, int height, int orientation = 1) {
  return InputInfo{.format = InputFormat::jpeg, .width = width, .height = height, .orientation = orientation};
}

Variant wide(int width) { return Variant{.width = width}; }
Variant tall(int height) { return Variant{.height = height}; }

using Sources = std::vector<VariantSource>;

TEST_CASE("a small variant is resampled from the decoded largest one") {
  const VariantPlan plan = plan_variants(photo(4000, 3000), {wide(400), wide(1600), wide(800)});
  REQUIRE(plan.base.has_value());
  CHECK(*plan.base == 1);
  CHECK(plan.sources == Sources{VariantSource::resampled, VariantSource::base, VariantSource::resampled});
}

TEST_CASE("a variant of the same box as the largest takes its image as it is") {
  Variant jpeg_fallback = wide(1600);
  jpeg_fallback.format = OutputFormat::jpeg;
  const VariantPlan plan = plan_variants(photo(4000, 3000), {wide(1600), jpeg_fallback});
  CHECK(plan.base == 0);
  CHECK(plan.sources == Sources{VariantSource::base, VariantSource::base});
}

TEST_CASE("a variant more than half the largest one's scale is decoded afresh") {
  const VariantPlan plan = plan_variants(photo(4000, 3000), {wide(1600), wide(1000)});
  CHECK_FALSE(plan.base.has_value());
  CHECK(plan.sources == Sources{VariantSource::file, VariantSource::file});
}

TEST_CASE("one variant alone keeps nothing in memory") {
  const VariantPlan plan = plan_variants(photo(4000, 3000), {wide(400)});
  CHECK_FALSE(plan.base.has_value());
  CHECK(plan.sources == Sources{VariantSource::file});
}

TEST_CASE("scales are measured on the upright picture") {
  // 1000 px tall is 1/3 of a landscape 4000x3000 but 1/4 of it turned upright (3000x4000),
  // while 1600 px wide is 0.4 and 0.53 of it: only the turned photo shares its decode.
  const std::vector<Variant> variants{wide(1600), tall(1000)};
  CHECK(plan_variants(photo(4000, 3000, 1), variants).sources == Sources{VariantSource::file, VariantSource::file});
  CHECK(plan_variants(photo(4000, 3000, 6), variants).sources == Sources{VariantSource::base, VariantSource::resampled});
}

TEST_CASE("a cropped largest variant is not the whole picture and is shared by none") {
  Variant square = Variant{.width = 1600, .height = 1600, .fit = Fit::cover};
  const VariantPlan plan = plan_variants(photo(4000, 3000), {square, wide(400)});
  CHECK_FALSE(plan.base.has_value());
}

TEST_CASE("a smaller cropped variant is resampled from the whole picture") {
  Variant thumbnail = Variant{.width = 200, .height = 200, .fit = Fit::cover};
  const VariantPlan plan = plan_variants(photo(4000, 3000), {wide(1600), thumbnail});
  CHECK(plan.sources == Sources{VariantSource::base, VariantSource::resampled});
}

TEST_CASE("every frame of an animation is decoded on its own") {
  InputInfo animation = photo(800, 600);
  animation.format = InputFormat::gif;
  animation.frames = 12;
  Variant animated = wide(800);
  animated.frames = Frames::all;
  const VariantPlan plan = plan_variants(animation, {animated, wide(200)});
  CHECK_FALSE(plan.base.has_value());
  CHECK(plan.sources == Sources{VariantSource::file, VariantSource::file});
}

TEST_CASE("images are never enlarged so a small original gives every variant its own size") {
  const VariantPlan plan = plan_variants(photo(300, 200), {wide(1600), wide(400)});
  CHECK_FALSE(plan.base.has_value());
}

}  // namespace
}  // namespace optimize_image
