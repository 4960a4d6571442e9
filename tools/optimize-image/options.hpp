// optimize-image's command-line options.
#pragma once

#include "limits.hpp"

namespace optimize_image {

struct Options {
  Limits limits;
  OutputLimits output_limits;
  // libvips worker threads per pipeline; 0 means VIPS_CONCURRENCY, or 1 when that is unset.
  int concurrency = 0;
};

}  // namespace optimize_image
