// Reading an image file and its pixel size from the PNG IHDR chunk or a JPEG SOF marker.
#include "image_file.hpp"


#include <optional>

namespace render_pdf {
namespace {

using jobkit::ExitCode;
using jobkit::JobError;

std::uint32_t big_endian(const std::string& bytes, std::size_t at, std::size_t count) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < count; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

bool starts_with(const std::string& bytes, std::string_view magic) { return bytes.compare(0, magic.size(), magic) == 0; }

std::optional<PixelSize> png_size(const std::string& bytes) {
  // Signature (8), chunk length (4), "IHDR" (4), width (4), height (4).
  if (bytes.size() < 24 || bytes.compare(12, 4, "IHDR") != 0) return std::nullopt;
  return PixelSize{static_cast<double>(big_endian(bytes, 16, 4)), static_cast<double>(big_endian(bytes, 20, 4))};
}

// Walks the marker segments up to the first start-of-frame (SOF0..SOF15 except DHT, JPG,
// DAC), which holds the height and width.
std::optional<PixelSize> jpeg_size(const std::string& bytes) {
  std::size_t at = 2;
  while (at + 9 < bytes.size()) {
    if (static_cast<unsigned char>(bytes[at]) != 0xFF) return std::nullopt;
    const auto marker = static_cast<unsigned char>(bytes[at + 1]);
    if (marker == 0xFF) {
      ++at;
      continue;
    }
    const std::uint32_t length = big_endian(bytes, at + 2, 2);
    if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
      return PixelSize{static_cast<double>(big_endian(bytes, at + 7, 2)), static_cast<double>(big_endian(bytes, at + 5, 2))};
    }
    if (marker == 0xD9 || marker == 0xDA || length < 2) return std::nullopt;
    at += 2 + length;
  }
  return std::nullopt;
}

// The EXIF orientation (tag 0x0112 of IFD0 in an APP1 "Exif" segment) of a JPEG, or 1 when
// there is none or it is damaged: phone photos are stored sideways with orientation 6 and
// drawn upright by everything that shows them.
int exif_orientation(const std::string& bytes) {
  std::size_t at = 2;
  while (at + 4 <= bytes.size() && static_cast<unsigned char>(bytes[at]) == 0xFF) {
    const auto marker = static_cast<unsigned char>(bytes[at + 1]);
    const std::size_t length = big_endian(bytes, at + 2, 2);
    if (marker == 0xDA || length < 2 || at + 2 + length > bytes.size()) return 1;
    if (marker == 0xE1 && length >= 16 && bytes.compare(at + 4, 6, std::string("Exif\0\0", 6)) == 0) {
      const std::size_t tiff = at + 10;
      const std::size_t end = at + 2 + length;
      const bool little = bytes.compare(tiff, 2, "II") == 0;
      const auto number = [&](std::size_t offset, std::size_t count) -> std::optional<std::uint32_t> {
        if (offset + count > end) return std::nullopt;
        std::uint32_t value = 0;
        for (std::size_t i = 0; i < count; ++i) {
          const auto byte = static_cast<unsigned char>(bytes[offset + (little ? count - 1 - i : i)]);
          value = (value << 8) | byte;
        }
        return value;
      };
      const auto ifd = number(tiff + 4, 4);
      if (!ifd) return 1;
      const auto entries = number(tiff + *ifd, 2);
      for (std::uint32_t i = 0; entries && i < *entries; ++i) {
        const std::size_t entry = tiff + *ifd + 2 + i * 12;
        if (number(entry, 2) != 0x0112u) continue;
        const auto value = number(entry + 8, 2);
        return value && *value >= 1 && *value <= 8 ? static_cast<int>(*value) : 1;
      }
      return 1;
    }
    at += 2 + length;
  }
  return 1;
}

// PoDoFo copies JPEG data into the PDF without decoding it, so a cut-off upload would
// become a grey half-image; a complete JPEG ends with the EOI marker (some writers pad
// after it with a few zero bytes).
bool has_jpeg_end(const std::string& bytes) {
  const std::size_t end = bytes.find_last_not_of('\0');
  return end != std::string::npos && end >= 1 && static_cast<unsigned char>(bytes[end]) == 0xD9 &&
         static_cast<unsigned char>(bytes[end - 1]) == 0xFF;
}

}  // namespace

jobkit::Result<ImageFile> read_image_file(const jobkit::FileDescriptor& file, const std::string& field,
                                          const ImageLimits& limits) {
  auto bytes = jobkit::read_up_to(file.get(), static_cast<std::size_t>(limits.max_bytes));
  if (!bytes) return JobError::make(ExitCode::io_error, "image could not be read", field);
  if (bytes->size() > limits.max_bytes) {
    return JobError::make(ExitCode::invalid_data, "image is larger than " + std::to_string(limits.max_bytes) + " bytes",
                          field);
  }
  return image_from_bytes(std::move(bytes.value()), field, limits);
}

jobkit::Result<ImageFile> image_from_bytes(std::string bytes, const std::string& field, const ImageLimits& limits) {
  ImageFile image;
  image.bytes = std::move(bytes);
  std::optional<PixelSize> size;
  if (starts_with(image.bytes, "\x89PNG\r\n\x1a\n")) {
    image.format = ImageFormat::png;
    size = png_size(image.bytes);
  } else if (starts_with(image.bytes, "\xFF\xD8\xFF")) {
    image.format = ImageFormat::jpeg;
    size = jpeg_size(image.bytes);
    if (!has_jpeg_end(image.bytes)) return JobError::make(ExitCode::invalid_data, "JPEG image is truncated", field);
    image.orientation = exif_orientation(image.bytes);
    if (size && image.orientation >= 5) size = PixelSize{size->height, size->width};
  } else {
    return JobError::make(ExitCode::invalid_data, "is not a JPEG or PNG image", field);
  }
  if (!size || size->width < 1 || size->height < 1) {
    return JobError::make(ExitCode::invalid_data, "image header is damaged (no size found)", field);
  }
  if (size->width * size->height > static_cast<double>(limits.max_pixels)) {
    return JobError::make(ExitCode::invalid_data,
                          "image has more than " + std::to_string(limits.max_pixels) + " pixels (--max-image-pixels)",
                          field);
  }
  image.size = *size;
  return image;
}

}  // namespace render_pdf
