// Starting and stopping libvips with the settings untrusted uploads need.
#include "vips_session.hpp"

#include <malloc.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include <spdlog/spdlog.h>
#include <vips/vips8>

#include "jobkit/shipped_data.hpp"

namespace optimize_image {
namespace {

// Loaders allowed on uploads, by libvips class. Everything else derived from
// VipsForeignLoad (ImageMagick, SVG, PDF, JPEG 2000, FITS, matrix, raw, vips, ...) is blocked.
constexpr const char* k_allowed_loaders[] = {
    "VipsForeignLoadJpeg", "VipsForeignLoadPng",  "VipsForeignLoadWebp",
    "VipsForeignLoadNsgif", "VipsForeignLoadTiff", "VipsForeignLoadHeif",
};

// Points libvips at a module folder holding only the HEIF module (see CMakeLists.txt), unless
// the operator set VIPSHOME or the folder is missing. Must run before VIPS_INIT, while the
// process has one thread.
void load_only_needed_modules() {
  if (std::getenv("VIPSHOME") != nullptr) return;
  const std::filesystem::path executable = jobkit::running_executable();
  if (executable.empty()) return;
  std::error_code error;
  const std::filesystem::path home = (executable.parent_path() / OPTIMIZE_IMAGE_VIPS_HOME).lexically_normal();
  if (std::filesystem::is_directory(home, error)) ::setenv("VIPSHOME", home.c_str(), 0);
}

// libvips reports through GLib's log; its warnings ("error in tile 0 x 864", one per
// failed tile) only repeat the error that fails the image, so they go to the debug level of
// our own log instead of raw lines on stderr (which would break --log-format json).
void log_vips_message(const gchar* domain, GLogLevelFlags level, const gchar* message, gpointer) {
  const auto spd_level = (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)) != 0 ? spdlog::level::err
                                                                                   : spdlog::level::debug;
  spdlog::log(spd_level, "{}: {}", domain != nullptr ? domain : "glib", message != nullptr ? message : "");
}

}  // namespace

VipsSession::VipsSession(int threads) {
  load_only_needed_modules();
  // With one pipeline thread, glibc's extra malloc arenas only fragment: each libvips thread
  // frees into its own arena and a batch of 20 photos grew from 75 to 117 MB peak. One arena
  // keeps it at 75 MB for the same CPU time. Must be set before libvips starts threads.
  if (threads == 1) mallopt(M_ARENA_MAX, 1);
  g_log_set_handler("VIPS", static_cast<GLogLevelFlags>(G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION),
                    log_vips_message, nullptr);
  if (VIPS_INIT("optimize-image") != 0) throw vips::VError();
  // The cache only pays when one process repeats an operation; here it only holds memory.
  vips_cache_set_max(0);
  vips_cache_set_max_mem(0);
  vips_cache_set_max_files(0);
  if (threads > 0) vips_concurrency_set(threads);
  // Two layers: libvips' own list of untrusted loaders (8.13+), then an allow-list.
  vips_block_untrusted_set(TRUE);
  vips_operation_block_set("VipsForeignLoad", TRUE);
  for (const char* loader : k_allowed_loaders) vips_operation_block_set(loader, FALSE);
}

VipsSession::~VipsSession() { vips_shutdown(); }

}  // namespace optimize_image
