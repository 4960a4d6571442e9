// render-pdf's command-line options: limits set by the operator, never by job data.
#pragma once

#include <cstddef>
#include <cstdint>

namespace render_pdf {

struct Options {
  std::size_t max_pages = 500;
  std::uint64_t max_image_pixels = 40'000'000;
};

}  // namespace render_pdf
