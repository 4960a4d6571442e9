// One variant from one input, with libvips' thumbnail path (shrink-on-load: a JPEG is
// decoded at 1/2, 1/4 or 1/8 size when that is enough, never at full size for a small
// variant).
#include "render.hpp"

#include <vector>

#include "metadata.hpp"
#include "variant_plan.hpp"

namespace optimize_image {
namespace {

using vips::VImage;

// thumbnail() fits a width x width square unless given a height: a missing side is
// unbounded, so "800 wide" means 800 wide whatever the height.
vips::VOption* sizing_options(const Variant& variant) {
  vips::VOption* options =
      VImage::option()->set("height", variant.height.value_or(VIPS_MAX_COORD))->set("size", VIPS_SIZE_DOWN);
  if (variant.fit == Fit::cover) options->set("crop", VIPS_INTERESTING_CENTRE);
  return options;
}

// How much of the shrinking libjpeg's DCT scaling does while decoding (1, 2, 4 or 8).
// libvips' thumbnail() always leaves a factor of two to its final lanczos3 step, so a
// 4000 px photo made 1600 px wide is decoded whole. Here the decoder takes the largest
// power of two that still leaves a tenth to lanczos3 (the margin keeps rounding from ever
// making the decoded image smaller than the target): that photo is decoded at 2000 px.
// On a 12 MP benchmark photo this costs ~70 ms (12%) less CPU, and the 1600 px result
// differs from the whole decode's by 40 dB PSNR, less than WebP q80 itself loses.
int jpeg_shrink_on_load(double scale) {
  for (const int factor : {8, 4, 2}) {
    if (scale * factor * 1.1 <= 1.0) return factor;
  }
  return 1;
}

// libjpeg, libspng, libwebp and libnsgif report damage inside the compressed data (a
// corrupt or cut-off scan, a bad CRC, a truncated frame) only as a warning and fill the rest
// with grey: for these formats a warning fails the image. TIFF and HEIF warn about harmless
// things (unknown tags), so for them only errors do.
VipsFailOn strictness(InputFormat format) {
  switch (format) {
    case InputFormat::jpeg:
    case InputFormat::png:
    case InputFormat::webp:
    case InputFormat::gif:
      return VIPS_FAIL_ON_WARNING;
    default:
      return VIPS_FAIL_ON_ERROR;
  }
}

VImage load_thumbnail(const std::filesystem::path& input, const InputInfo& info, const Variant& variant) {
  const bool all_frames = keeps_all_frames(info, variant);
  if (info.format == InputFormat::jpeg && !all_frames) {
    if (const int shrink = jpeg_shrink_on_load(variant_scale(info, variant)); shrink > 1) {
      const VImage decoded = VImage::jpegload(input.c_str(), VImage::option()
                                                                 ->set("shrink", shrink)
                                                                 ->set("access", VIPS_ACCESS_SEQUENTIAL)
                                                                 ->set("fail_on", strictness(info.format)));
      return decoded.thumbnail_image(variant.width.value_or(VIPS_MAX_COORD), sizing_options(variant));
    }
  }
  // Load options travel in the file name, which is /proc/self/fd/N (see InputLocation).
  const std::string name = all_frames ? input.string() + "[n=-1]" : input.string();
  return VImage::thumbnail(name.c_str(), variant.width.value_or(VIPS_MAX_COORD),
                           sizing_options(variant)->set("fail_on", strictness(info.format)));
}

// The same sizing as load_thumbnail() from an image already decoded, upright and in memory.
VImage resample(const VImage& base, const Variant& variant) {
  return base.thumbnail_image(variant.width.value_or(VIPS_MAX_COORD), sizing_options(variant)->set("no_rotate", true));
}

// Grey images become sRGB before a colour is put next to them. A grey ICC profile no
// longer fits the pixels then, so it goes.
VImage as_colour(const VImage& image) {
  if (image.bands() >= 3) return image;
  VImage colour = image.colourspace(VIPS_INTERPRETATION_sRGB).copy();
  if (colour.get_typeof(VIPS_META_ICC_NAME) != 0) colour.remove(VIPS_META_ICC_NAME);
  return colour;
}

std::vector<double> background_pixel(const Rgb& colour, double alpha, bool with_alpha) {
  std::vector<double> pixel(colour.channels.begin(), colour.channels.end());
  if (with_alpha) pixel.push_back(alpha);
  return pixel;
}

// JPEG has no transparency: put the background (white unless the job says) behind it.
VImage flatten_for_jpeg(const VImage& image, const Variant& variant) {
  if (!image.has_alpha()) return image;
  const VImage colour = as_colour(image);
  return colour.flatten(VImage::option()->set("background", background_pixel(variant.background.value_or(Rgb{}), 0, false)));
}

// contain: pad to exactly the box, centred; transparent where the format allows and the job
// gave no background colour.
VImage pad_to_box(const VImage& image, const Variant& variant) {
  const int width = variant.width.value_or(image.width());
  const int height = variant.height.value_or(image.height());
  if (image.width() == width && image.height() == height) return image;
  VImage colour = as_colour(image);
  const bool transparent = supports_alpha(variant.format) && !variant.background;
  if (transparent && !colour.has_alpha()) colour = colour.bandjoin_const({255});
  const std::vector<double> pixel =
      background_pixel(variant.background.value_or(Rgb{}), transparent ? 0 : 255, colour.has_alpha());
  return colour.embed((width - image.width()) / 2, (height - image.height()) / 2, width, height,
                      VImage::option()->set("extend", VIPS_EXTEND_BACKGROUND)->set("background", pixel));
}

VipsBlob* encode(const VImage& image, const Variant& variant) {
  switch (variant.format) {
    case OutputFormat::webp:
      return image.webpsave_buffer(VImage::option()->set("Q", variant.quality)->set("effort", variant.effort));
    case OutputFormat::avif:
      // 8-bit AV1: what browsers decode everywhere (libvips defaults to 12 bits).
      return image.heifsave_buffer(VImage::option()
                                       ->set("Q", variant.quality)
                                       ->set("effort", variant.effort)
                                       ->set("compression", VIPS_FOREIGN_HEIF_COMPRESSION_AV1)
                                       ->set("bitdepth", 8));
    case OutputFormat::jpeg:
      return image.jpegsave_buffer(VImage::option()->set("Q", variant.quality)->set("optimize_coding", true));
    case OutputFormat::png:
      return image.pngsave_buffer(VImage::option()->set("compression", variant.effort));
  }
  throw vips::VError("unknown output format");
}

}  // namespace

std::string_view EncodedImage::bytes() const {
  return {static_cast<const char*>(VIPS_AREA(blob.get())->data), VIPS_AREA(blob.get())->length};
}

VariantRenderer::VariantRenderer(std::filesystem::path input, const InputInfo& info, const std::vector<Variant>& variants)
    : m_input(std::move(input)), m_info(info), m_variants(variants), m_plan(plan_variants(info, variants)) {}

VImage VariantRenderer::loaded(std::size_t index) {
  const Variant& variant = m_variants.at(index);
  switch (m_plan.sources.at(index)) {
    case VariantSource::file:
      return load_thumbnail(m_input, m_info, variant);
    case VariantSource::base:
      return base();
    case VariantSource::resampled:
      return resample(base(), variant);
  }
  throw vips::VError("unknown variant source");
}

VImage VariantRenderer::base() {
  // Decoded in full here, once: the variants made from it must not each pull the file again.
  if (!m_base) m_base = load_thumbnail(m_input, m_info, m_variants.at(m_plan.base.value())).copy_memory();
  return *m_base;
}

EncodedImage VariantRenderer::render(std::size_t index) {
  const Variant& variant = m_variants.at(index);
  VImage image = loaded(index);
  if (variant.format == OutputFormat::jpeg) image = flatten_for_jpeg(image, variant);
  if (variant.fit == Fit::contain) image = pad_to_box(image, variant);
  image = without_private_metadata(image, variant.frames);
  EncodedImage encoded{.blob = std::unique_ptr<VipsBlob, BlobRelease>(encode(image, variant))};
  encoded.width = image.width();
  encoded.frames = keeps_all_frames(m_info, variant) ? m_info.frames : 1;
  encoded.height = encoded.frames > 1 ? image.get_int("page-height") : image.height();
  return encoded;
}

}  // namespace optimize_image
