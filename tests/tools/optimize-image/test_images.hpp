// Test images made at test time with libvips (and exiftool for camera metadata), and a way
// to run optimize-image on them inside a private STORAGE_DIR.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "process.hpp"
#include "temp_dir.hpp"

namespace optimize_image_test {

namespace fs = std::filesystem;

// A STORAGE_DIR for one test, with optimize-image run against it.
class Storage {
 public:
  const fs::path& root() const { return m_dir.path(); }
  fs::path path(const std::string& relative) const { return root() / relative; }
  // Runs the tool with the job on stdin and extra arguments.
  jobkit::testing::ProcessResult run(const nlohmann::json& job, std::vector<std::string> arguments = {}) const;
  // Every file under the root, relative and sorted (temporary files included).
  std::vector<std::string> files() const;

 private:
  jobkit::testing::TempDir m_dir;
};

struct PhotoOptions {
  int width = 1200;
  int height = 900;
  bool progressive = false;
};

// A noisy colour JPEG with an embedded sRGB ICC profile and a white block in the top-left
// eighth (so that rotation can be seen).
void make_photo(const fs::path& path, const PhotoOptions& options = {});
// An AVIF (AV1 in HEIF) with the same picture as make_photo().
void make_avif(const fs::path& path, int width, int height);
// A PNG with an alpha channel: opaque left half, transparent right half.
void make_png_with_alpha(const fs::path& path, int width, int height);
// An animated WebP or GIF (by extension) with `frames` frames of width x height.
void make_animation(const fs::path& path, int width, int height, int frames);
// A PNG whose header says width x height (8-bit grey) followed by a few rows of zlib data:
// a decompression bomb that is only a few KB on disk.
void make_png_bomb(const fs::path& path, int width, int height);
void write_bytes(const fs::path& path, const std::string& bytes);

// Adds a GPS position (EXIF and XMP), a camera make and EXIF orientation with exiftool.
void add_camera_metadata(const fs::path& path, int orientation);

// exiftool's view of a file: every tag, as {"Group:Tag": value}.
nlohmann::json exiftool_tags(const fs::path& path);
// `vipsheader -a` output.
std::string vipsheader_all(const fs::path& path);

struct OpenedImage {
  int width = 0;
  int height = 0;
  int bands = 0;
  int pages = 1;
  bool has_icc = false;
  std::string loader;
};
// Opens a file with libvips (as a browser would decode it).
OpenedImage open_image(const fs::path& path);
// The average of the pixels in a small square around (x, y), over all bands.
double average_around(const fs::path& path, int x, int y);

// stdout as JSON; fails the test when it is not exactly one JSON line.
nlohmann::json result_json(const jobkit::testing::ProcessResult& result);

}  // namespace optimize_image_test
