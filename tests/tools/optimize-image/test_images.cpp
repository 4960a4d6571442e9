// Making and reading back test images.
#include "test_images.hpp"

#include <doctest/doctest.h>
#include <zlib.h>

#include <algorithm>
#include <fstream>

#include <vips/vips8>

namespace optimize_image_test {
namespace {

using vips::VImage;

void start_vips() {
  static const bool started = [] {
    if (VIPS_INIT("optimize-image-tests") != 0) throw vips::VError();
    vips_cache_set_max(0);
    return true;
  }();
  (void)started;
}

jobkit::testing::ProcessResult run(std::vector<std::string> argv) {
  jobkit::testing::ProcessOptions options;
  options.argv = std::move(argv);
  return jobkit::testing::run_process(options);
}

std::string chunk(const std::string& type, const std::string& data) {
  std::string out;
  const auto length = static_cast<std::uint32_t>(data.size());
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((length >> shift) & 0xFF);
  const std::string body = type + data;
  const auto crc = static_cast<std::uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size())));
  out += body;
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((crc >> shift) & 0xFF);
  return out;
}

std::string big_endian(std::uint32_t value) {
  std::string out;
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xFF);
  return out;
}

}  // namespace

jobkit::testing::ProcessResult Storage::run(const nlohmann::json& job, std::vector<std::string> arguments) const {
  jobkit::testing::ProcessOptions options;
  options.argv = {jobkit::testing::built_program("optimize-image").string()};
  options.argv.insert(options.argv.end(), arguments.begin(), arguments.end());
  options.input = job.dump();
  options.environment = {"STORAGE_DIR=" + root().string()};
  options.unset = {"VIPS_CONCURRENCY", "JOB_ID", "JOB_ATTEMPT", "JOB_ATTEMPTS"};
  return jobkit::testing::run_process(options);
}

std::vector<std::string> Storage::files() const {
  std::vector<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(root())) {
    if (entry.is_regular_file()) names.push_back(fs::relative(entry.path(), root()).generic_string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

namespace {

// Noise in three bands, with a white block in the top-left eighth.
VImage photo_pixels(const PhotoOptions& options) {
  const VImage noise = VImage::gaussnoise(options.width, options.height, VImage::option()->set("sigma", 40.0));
  VImage photo = VImage::bandjoin({noise, noise.rot180(), noise.flip(VIPS_DIRECTION_HORIZONTAL)})
                     .cast(VIPS_FORMAT_UCHAR)
                     .copy_memory();
  photo.draw_rect({255, 255, 255}, 0, 0, options.width / 4, options.height / 4, VImage::option()->set("fill", true));
  return photo.copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
}

}  // namespace

void make_photo(const fs::path& path, const PhotoOptions& options) {
  start_vips();
  fs::create_directories(path.parent_path());
  photo_pixels(options).jpegsave(path.c_str(), VImage::option()->set("Q", 90)->set("profile", "srgb")->set("interlace",
                                                                                             options.progressive));
}

void make_avif(const fs::path& path, int width, int height) {
  start_vips();
  fs::create_directories(path.parent_path());
  photo_pixels({.width = width, .height = height})
      .heifsave(path.c_str(), VImage::option()
                                  ->set("compression", VIPS_FOREIGN_HEIF_COMPRESSION_AV1)
                                  ->set("effort", 0)
                                  ->set("bitdepth", 8));
}

void make_png_with_alpha(const fs::path& path, int width, int height) {
  start_vips();
  fs::create_directories(path.parent_path());
  const VImage colour = VImage::black(width, height, VImage::option()->set("bands", 3)) + std::vector<double>{200, 30, 30};
  const VImage alpha = (VImage::xyz(width, height)[0] < width / 2).ifthenelse(255, 0);
  colour.bandjoin(alpha).cast(VIPS_FORMAT_UCHAR).pngsave(path.c_str());
}

void make_animation(const fs::path& path, int width, int height, int frames) {
  start_vips();
  fs::create_directories(path.parent_path());
  std::vector<VImage> pages;
  for (int i = 0; i < frames; ++i) {
    pages.push_back(VImage::black(width, height, VImage::option()->set("bands", 3)) + (i * 80.0));
  }
  VImage strip = VImage::arrayjoin(pages, VImage::option()->set("across", 1)).cast(VIPS_FORMAT_UCHAR).copy();
  strip.set("page-height", height);
  strip.set("delay", std::vector<int>(static_cast<std::size_t>(frames), 100));
  strip.set("loop", 0);
  strip.write_to_file(path.c_str());
}

void make_png_bomb(const fs::path& path, int width, int height) {
  // 8-bit grey, no interlace: one filter byte plus `width` bytes per row.
  const std::string header = big_endian(static_cast<std::uint32_t>(width)) +
                             big_endian(static_cast<std::uint32_t>(height)) + std::string("\x08\x00\x00\x00\x00", 5);
  const std::string rows(static_cast<std::size_t>(width + 1) * 16, '\0');
  std::string compressed(compressBound(static_cast<uLong>(rows.size())), '\0');
  uLongf length = static_cast<uLongf>(compressed.size());
  compress2(reinterpret_cast<Bytef*>(compressed.data()), &length, reinterpret_cast<const Bytef*>(rows.data()),
            static_cast<uLong>(rows.size()), 9);
  compressed.resize(length);
  write_bytes(path, std::string("\x89PNG\r\n\x1A\n", 8) + chunk("IHDR", header) + chunk("IDAT", compressed) +
                        chunk("IEND", ""));
}

void write_bytes(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

void add_camera_metadata(const fs::path& path, int orientation) {
  const auto result = run({"/usr/bin/exiftool", "-q", "-overwrite_original", "-n", "-Orientation=" + std::to_string(orientation),
                           "-GPSLatitude=47.3769", "-GPSLatitudeRef=N", "-GPSLongitude=8.5417",
                           "-GPSLongitudeRef=E", "-Make=HomeCam", "-Model=HC-1",
                           "-XMP-exif:GPSLatitude=47.3769", "-XMP-exif:GPSLongitude=8.5417", path.string()});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
}

nlohmann::json exiftool_tags(const fs::path& path) {
  const auto result = run({"/usr/bin/exiftool", "-j", "-a", "-G1", "-n", path.string()});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  return nlohmann::json::parse(result.out).at(0);
}

std::string vipsheader_all(const fs::path& path) {
  const auto result = run({"/usr/bin/vipsheader", "-a", path.string()});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  return result.out;
}

OpenedImage open_image(const fs::path& path) {
  start_vips();
  const VImage image = VImage::new_from_file(path.c_str(), VImage::option()->set("n", -1));
  OpenedImage opened{.width = image.width(), .height = image.height(), .bands = image.bands()};
  if (image.get_typeof("n-pages") != 0) opened.pages = image.get_int("n-pages");
  if (opened.pages > 1) opened.height = image.get_int("page-height");
  opened.has_icc = image.get_typeof(VIPS_META_ICC_NAME) != 0;
  opened.loader = image.get_string("vips-loader");
  return opened;
}

double average_around(const fs::path& path, int x, int y) {
  start_vips();
  const VImage image = VImage::new_from_file(path.c_str());
  return image.extract_area(x - 2, y - 2, 5, 5).avg();
}

nlohmann::json result_json(const jobkit::testing::ProcessResult& result) {
  REQUIRE_MESSAGE(!result.out.empty(), "stderr: " << result.err);
  CHECK(result.out.find('\n') == result.out.size() - 1);
  return nlohmann::json::parse(result.out);
}

}  // namespace optimize_image_test
