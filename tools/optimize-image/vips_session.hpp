// libvips started for untrusted input: only the loaders for the accepted formats can run,
// the operation cache is off, and pipelines use few threads.
#pragma once

namespace optimize_image {

class VipsSession {
 public:
  // Starts libvips once per process. threads: worker threads per pipeline, or 0 to let
  // libvips decide (VIPS_CONCURRENCY, else one per CPU). Throws vips::VError when libvips
  // cannot start.
  explicit VipsSession(int threads);
  ~VipsSession();
  VipsSession(const VipsSession&) = delete;
  VipsSession& operator=(const VipsSession&) = delete;
};

}  // namespace optimize_image
