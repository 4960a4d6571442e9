// Removing every metadata field but the ICC profile (see metadata.hpp for why by hand).
#include "metadata.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <string_view>

namespace optimize_image {
namespace {

constexpr std::array<std::string_view, 1> k_always_kept = {"icc-profile-data"};
// What webpsave needs to write an animation: frame height, per-frame delays, loop count.
constexpr std::array<std::string_view, 5> k_kept_for_animation = {"page-height", "delay", "loop", "gif-delay",
                                                                  "gif-loop"};

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool kept(std::string_view name, Frames frames) {
  return listed(k_always_kept, name) || (frames == Frames::all && listed(k_kept_for_animation, name));
}

struct FieldNamesRelease {
  void operator()(gchar** names) const { g_strfreev(names); }
};

}  // namespace

vips::VImage without_private_metadata(const vips::VImage& image, Frames frames) {
  // libvips refuses metadata changes on an image other pipelines may share: edit a copy.
  vips::VImage copy = image.copy();
  const std::unique_ptr<gchar*[], FieldNamesRelease> names(vips_image_get_fields(copy.get_image()));
  for (gchar** name = names.get(); *name != nullptr; ++name) {
    // Built-in header fields (width, bands, ...) are not metadata; removing them is a no-op.
    if (!kept(*name, frames)) copy.remove(*name);
  }
  return copy;
}

}  // namespace optimize_image
