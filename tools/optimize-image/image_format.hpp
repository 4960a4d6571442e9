// Image formats: the input formats optimize-image accepts, recognised by their first bytes
// (never by the file name), and the output formats it writes.
#pragma once

#include <optional>
#include <string_view>

namespace optimize_image {

// heif is HEIC (HEVC in HEIF), avif AV1 in HEIF: one libvips loader, two names for users.
enum class InputFormat { jpeg, png, webp, gif, tiff, heif, avif };

enum class OutputFormat { webp, avif, jpeg, png };

// What the first bytes of a file say it is. `sniffed` is set for the accepted formats;
// otherwise `description` names what it looks like ("SVG", "PDF", "text", "empty file")
// so that the error message can say why it was refused.
struct SniffResult {
  std::optional<InputFormat> sniffed;
  std::string_view description;
};

// Judges at most the first k_sniff_bytes bytes of a file.
inline constexpr std::size_t k_sniff_bytes = 64;
SniffResult sniff_format(std::string_view head);

// "jpeg", "png", "webp", "gif", "tiff", "heif".
std::string_view input_format_name(InputFormat format);
// The libvips loader class that must read this format, as vips_foreign_find_load() names
// it: "VipsForeignLoadJpegFile", "VipsForeignLoadPngFile", ...
std::string_view loader_class(InputFormat format);

// "webp", "avif", "jpeg", "png".
std::string_view output_format_name(OutputFormat format);
std::optional<OutputFormat> parse_output_format(std::string_view name);
// The file name extension written for the format, without the dot: "webp", "avif", "jpg", "png".
std::string_view output_extension(OutputFormat format);
// The format a file name extension stands for ("jpg" and "jpeg" are both JPEG); nullopt
// for any other extension. Case-insensitive.
std::optional<OutputFormat> format_for_extension(std::string_view extension);
bool supports_alpha(OutputFormat format);

}  // namespace optimize_image
