// Checks on an upload before decoding: size, magic bytes, loader, header fields, limits.
#include "input_check.hpp"

#include <fstream>
#include <system_error>

#include <fmt/format.h>
#include <vips/vips8>

namespace optimize_image {
namespace {

using jobkit::ExitCode;
using jobkit::JobError;

constexpr std::string_view k_accepted = "JPEG, PNG, WebP, GIF, TIFF or HEIC/AVIF";

JobError refuse(const InputLocation& input, const std::string& problem) {
  return JobError::make(ExitCode::invalid_data, fmt::format("{}: {}", input.name, problem), input.field);
}

std::string read_head(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::string head(k_sniff_bytes, '\0');
  file.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(file.gcount()));
  return head;
}

// Size and type of the file itself.
jobkit::Result<std::int64_t> check_file(const InputLocation& input, const Limits& limits) {
  std::error_code error;
  const auto status = std::filesystem::status(input.path, error);
  if (status.type() == std::filesystem::file_type::not_found) {
    return JobError::make(ExitCode::missing_input, fmt::format("{}: no such file", input.name), input.field);
  }
  if (status.type() != std::filesystem::file_type::regular) return refuse(input, "not a regular file");
  const auto bytes = static_cast<std::int64_t>(std::filesystem::file_size(input.path, error));
  if (error) return refuse(input, fmt::format("cannot read the file size: {}", error.message()));
  if (bytes == 0) return refuse(input, "the file is empty (0 bytes)");
  if (bytes > limits.max_file_bytes) {
    return refuse(input, fmt::format("the file has {} bytes, over the limit of {}", bytes, limits.max_file_bytes));
  }
  return bytes;
}

// The format by content, and the loader libvips picks agreeing with it.
jobkit::Result<InputFormat> check_format(const InputLocation& input) {
  const SniffResult sniffed = sniff_format(read_head(input.path));
  if (!sniffed.sniffed) {
    return refuse(input, fmt::format("not an accepted image ({}): the content is {}", k_accepted, sniffed.description));
  }
  const char* loader = vips_foreign_find_load(input.path.c_str());
  vips_error_clear();
  const std::string_view expected = loader_class(*sniffed.sniffed);
  if (loader == nullptr || expected != loader) {
    return refuse(input, fmt::format("the content starts like {} but libvips would read it with {}",
                                     sniffed.description, loader == nullptr ? "no loader" : loader));
  }
  return *sniffed.sniffed;
}

int optional_int(const vips::VImage& image, const char* field, int fallback) {
  return image.get_typeof(field) != 0 ? image.get_int(field) : fallback;
}

jobkit::Status check_header(const InputInfo& info, const InputLocation& input, const Limits& limits) {
  const std::int64_t pixels = std::int64_t{info.width} * info.height;
  const std::string size = fmt::format("{}x{} pixels ({})", info.width, info.height, megapixels(pixels));
  if (pixels > limits.max_pixels) {
    return refuse(input, fmt::format("{} is over the limit of {}", size, megapixels(limits.max_pixels)));
  }
  if (info.interlaced && pixels > limits.max_progressive_pixels) {
    return refuse(input, fmt::format("{} is over the limit of {} for progressive or interlaced images", size,
                                     megapixels(limits.max_progressive_pixels)));
  }
  if (info.frames > limits.max_frames) {
    return refuse(input, fmt::format("{} frames or pages, over the limit of {}", info.frames, limits.max_frames));
  }
  return jobkit::Done{};
}

}  // namespace

std::string megapixels(std::int64_t pixels) { return fmt::format("{:.1f} MP", static_cast<double>(pixels) / 1e6); }

std::string describe_vips_error(const std::string& text, const InputLocation& input) {
  std::string line;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) line += (line.empty() ? "" : "; ") + text.substr(start, end - start);
    start = end + 1;
  }
  for (std::size_t at = line.find(input.path.string()); at != std::string::npos; at = line.find(input.path.string())) {
    line.replace(at, input.path.string().size(), input.name);
  }
  return line.empty() ? "libvips gave no reason" : line;
}

jobkit::Result<InputInfo> inspect_input(const InputLocation& input, const Limits& limits) {
  auto bytes = check_file(input, limits);
  if (!bytes) return bytes.error();
  auto format = check_format(input);
  if (!format) return format.error();
  InputInfo info{.format = format.value(), .file_bytes = bytes.value()};
  try {
    // Opening reads the header only; no pixel is decoded here.
    const vips::VImage header = vips::VImage::new_from_file(
        input.path.c_str(),
        vips::VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL)->set("fail_on", VIPS_FAIL_ON_ERROR));
    info.width = header.width();
    info.height = optional_int(header, "page-height", header.height());
    info.frames = optional_int(header, "n-pages", 1);
    info.interlaced = optional_int(header, "interlaced", 0) != 0;
    info.orientation = optional_int(header, "orientation", 1);
  } catch (const vips::VError& error) {
    vips_error_clear();
    return refuse(input, fmt::format("cannot read the image header: {}", describe_vips_error(error.what(), input)));
  }
  if (auto within = check_header(info, input, limits); !within) return within.error();
  return info;
}

}  // namespace optimize_image
