// Format recognition by magic numbers and the names of output formats.
#include "image_format.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace optimize_image {
namespace {

using namespace std::string_view_literals;

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// ISO base media files (HEIC, AVIF) start with a box "....ftyp<brand>"; the brand says
// whether the file is a HEIF image or, say, an MP4 video.
bool is_heif(std::string_view head) {
  if (head.size() < 12 || head.substr(4, 4) != "ftyp") return false;
  static constexpr std::array<std::string_view, 8> k_brands = {"heic", "heix", "heim", "heis",
                                                               "mif1", "msf1", "avif", "avis"};
  const std::string_view brand = head.substr(8, 4);
  return std::find(k_brands.begin(), k_brands.end(), brand) != k_brands.end();
}

std::string_view skip_leading_space(std::string_view text) {
  const std::size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return {};
  // A UTF-8 byte order mark may precede an XML or SVG document.
  text.remove_prefix(start);
  if (starts_with(text, "\xEF\xBB\xBF")) return skip_leading_space(text.substr(3));
  return text;
}

// What a refused file looks like, for the error message.
std::string_view describe_unsupported(std::string_view head) {
  if (head.empty()) return "an empty file";
  const std::string_view text = skip_leading_space(head);
  if (starts_with(text, "<svg") || starts_with(text, "<?xml")) return "an SVG or XML document";
  if (starts_with(head, "%PDF")) return "a PDF document";
  if (starts_with(head, "%!PS")) return "a PostScript document";
  if (starts_with(head, "BM")) return "a BMP image";
  if (starts_with(head, "\x00\x00\x00\x0CjP  "sv) || starts_with(head, "\xFF\x4F\xFF\x51")) return "a JPEG 2000 image";
  const bool printable = std::all_of(head.begin(), head.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x20 || byte == '\n' || byte == '\r' || byte == '\t' || byte >= 0x80;
  });
  return printable ? "text" : "an unknown binary format";
}

struct InputFormatEntry {
  InputFormat format;
  std::string_view name;
  std::string_view loader_class;
};

constexpr std::array<InputFormatEntry, 7> k_input_formats = {{
    {InputFormat::jpeg, "jpeg", "VipsForeignLoadJpegFile"},
    {InputFormat::png, "png", "VipsForeignLoadPngFile"},
    {InputFormat::webp, "webp", "VipsForeignLoadWebpFile"},
    {InputFormat::gif, "gif", "VipsForeignLoadNsgifFile"},
    {InputFormat::tiff, "tiff", "VipsForeignLoadTiffFile"},
    {InputFormat::heif, "heif", "VipsForeignLoadHeifFile"},
    {InputFormat::avif, "avif", "VipsForeignLoadHeifFile"},
}};

const InputFormatEntry& input_format_entry(InputFormat format) {
  return *std::find_if(k_input_formats.begin(), k_input_formats.end(),
                       [format](const InputFormatEntry& entry) { return entry.format == format; });
}

}  // namespace

SniffResult sniff_format(std::string_view head) {
  head = head.substr(0, k_sniff_bytes);
  if (starts_with(head, "\xFF\xD8\xFF")) return {InputFormat::jpeg, "JPEG"};
  if (starts_with(head, "\x89PNG\r\n\x1A\n")) return {InputFormat::png, "PNG"};
  if (head.size() >= 12 && starts_with(head, "RIFF") && head.substr(8, 4) == "WEBP") return {InputFormat::webp, "WebP"};
  if (starts_with(head, "GIF87a") || starts_with(head, "GIF89a")) return {InputFormat::gif, "GIF"};
  if (starts_with(head, "II*\0"sv) || starts_with(head, "MM\0*"sv)) {
    return {InputFormat::tiff, "TIFF"};
  }
  if (is_heif(head)) {
    const std::string_view brand = head.substr(8, 4);
    if (brand == "avif" || brand == "avis") return {InputFormat::avif, "AVIF"};
    return {InputFormat::heif, "HEIF"};
  }
  return {std::nullopt, describe_unsupported(head)};
}

std::string_view input_format_name(InputFormat format) { return input_format_entry(format).name; }

std::string_view loader_class(InputFormat format) { return input_format_entry(format).loader_class; }

std::string_view output_format_name(OutputFormat format) {
  switch (format) {
    case OutputFormat::webp: return "webp";
    case OutputFormat::avif: return "avif";
    case OutputFormat::jpeg: return "jpeg";
    case OutputFormat::png: return "png";
  }
  return "unknown";
}

std::optional<OutputFormat> parse_output_format(std::string_view name) {
  for (const OutputFormat format : {OutputFormat::webp, OutputFormat::avif, OutputFormat::jpeg, OutputFormat::png}) {
    if (name == output_format_name(format)) return format;
  }
  return std::nullopt;
}

std::string_view output_extension(OutputFormat format) {
  return format == OutputFormat::jpeg ? "jpg" : output_format_name(format);
}

std::optional<OutputFormat> format_for_extension(std::string_view extension) {
  std::string lower(extension);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "jpg" || lower == "jpeg") return OutputFormat::jpeg;
  return parse_output_format(lower);
}

bool supports_alpha(OutputFormat format) { return format != OutputFormat::jpeg; }

}  // namespace optimize_image
