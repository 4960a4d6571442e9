// Metadata removal. Uploads are photos of people's homes: their EXIF and XMP carry GPS
// positions, camera serial numbers and dates. Debian's libvips 8.14.1 ignores the `strip`
// option when saving WebP (fixed upstream in 8.14.2), and `strip` would also drop the ICC
// profile, so optimize-image removes the fields itself and never relies on `strip`.
#pragma once

#include <vips/vips8>

#include "job.hpp"

namespace optimize_image {

// A copy of image whose only metadata is the ICC profile (so colours stay right) and, when
// every frame is kept, the animation timing. Everything else (exif-*, xmp-data, iptc-data,
// orientation, comments, ...) is removed: an allow-list, so fields that a future libvips
// adds are removed too.
vips::VImage without_private_metadata(const vips::VImage& image, Frames frames);

}  // namespace optimize_image
