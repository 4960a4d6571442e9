// Reading the optimize-image job: the two shapes, per-format defaults and ranges, derived
// output names, and the checks that need more than one field.
#include "job.hpp"

#include <filesystem>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "jobkit/json_fields.hpp"

namespace optimize_image {
namespace {

using jobkit::JsonField;
using jobkit::JsonObject;

constexpr jobkit::StringRule k_path_rule{.min_length = 1, .max_length = 1024};
constexpr int k_avif_default_effort = 2;

struct FormatDefaults {
  std::optional<int> quality;  // nullopt: the format has no quality setting
  std::optional<int> effort;   // nullopt: the format has no effort setting
  int max_effort = 0;
};

FormatDefaults defaults_for(OutputFormat format) {
  switch (format) {
    case OutputFormat::webp: return {80, 4, 6};
    case OutputFormat::avif: return {50, k_avif_default_effort, 9};
    case OutputFormat::jpeg: return {80, std::nullopt, 0};
    case OutputFormat::png: return {std::nullopt, 6, 9};
  }
  return {};
}

std::optional<Fit> parse_fit(std::string_view name) {
  for (const Fit fit : {Fit::inside, Fit::cover, Fit::contain}) {
    if (name == fit_name(fit)) return fit;
  }
  return std::nullopt;
}

std::optional<Rgb> parse_colour(std::string_view text) {
  if (text.size() != 7 || text[0] != '#') return std::nullopt;
  Rgb colour;
  for (std::size_t i = 0; i < 3; ++i) {
    const std::string pair(text.substr(1 + 2 * i, 2));
    if (pair.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) return std::nullopt;
    colour.channels[i] = std::stoi(pair, nullptr, 16);
  }
  return colour;
}

std::string extension_of(const std::string& path) {
  const std::string extension = std::filesystem::path(path).extension().string();
  return extension.empty() ? extension : extension.substr(1);
}

// The format: named, or implied by the output's extension, or WebP.
OutputFormat read_format(const JsonField& format, const JsonField& output, const std::string& output_path) {
  std::optional<OutputFormat> from_extension;
  if (!output_path.empty()) {
    from_extension = format_for_extension(extension_of(output_path));
    if (!from_extension) output.reject("must end in .webp, .avif, .jpg, .jpeg or .png");
  }
  if (!format.present()) return from_extension.value_or(OutputFormat::webp);
  const auto named = parse_output_format(format.as_string());
  if (!named) {
    format.reject("must be webp, avif, jpeg or png");
    return OutputFormat::webp;
  }
  if (from_extension && from_extension != named) {
    output.reject(fmt::format("the extension does not match the format \"{}\"", output_format_name(*named)));
  }
  return *named;
}

void read_encoder_settings(JsonObject& object, Variant& variant) {
  const FormatDefaults defaults = defaults_for(variant.format);
  const std::string_view format = output_format_name(variant.format);
  const JsonField quality = object.optional("quality");
  if (defaults.quality) {
    variant.quality = static_cast<int>(quality.integer_or(*defaults.quality, {1, 100}));
  } else if (quality.present()) {
    quality.reject(fmt::format("does not apply to {} (lossless)", format));
  }
  const JsonField effort = object.optional("effort");
  if (defaults.effort) {
    variant.effort = static_cast<int>(effort.integer_or(*defaults.effort, {0, defaults.max_effort}));
  } else if (effort.present()) {
    effort.reject(fmt::format("does not apply to {}", format));
  }
}

void read_geometry(JsonObject& object, Variant& variant) {
  for (const auto& [key, side] : {std::pair{"width", &variant.width}, std::pair{"height", &variant.height}}) {
    const JsonField field = object.optional(key);
    if (field.present()) *side = static_cast<int>(field.as_integer({1, k_max_dimension}));
  }
  if (!variant.width && !variant.height) {
    object.optional("width").reject("a variant needs a width, a height or both");
  }
  const JsonField fit = object.optional("fit");
  if (!fit.present()) return;
  const auto parsed = parse_fit(fit.as_string());
  if (!parsed) return fit.reject("must be inside, cover or contain");
  variant.fit = *parsed;
  if (variant.fit != Fit::inside && !(variant.width && variant.height)) {
    fit.reject(fmt::format("{} needs both width and height", fit_name(variant.fit)));
  }
}

void read_frames_and_background(JsonObject& object, Variant& variant) {
  const JsonField frames = object.optional("frames");
  if (frames.present()) {
    const std::string value = frames.as_string();
    if (value == "all") {
      variant.frames = Frames::all;
      if (variant.format != OutputFormat::webp || variant.fit != Fit::inside) {
        frames.reject("\"all\" needs format webp and fit inside");
      }
    } else if (value != "first") {
      frames.reject("must be first or all");
    }
  }
  const JsonField background = object.optional("background");
  if (background.present()) {
    variant.background = parse_colour(background.as_string());
    if (!variant.background) background.reject("must be a colour written #rrggbb");
  }
}

Variant read_variant(JsonObject object) {
  Variant variant;
  variant.pointer = object.pointer();
  const JsonField output = object.optional("output");
  variant.output = output.string_or("", k_path_rule);
  variant.format = read_format(object.optional("format"), output, variant.output);
  read_geometry(object, variant);
  read_encoder_settings(object, variant);
  read_frames_and_background(object, variant);
  return variant;
}

ImageJob read_image(JsonObject& object) {
  ImageJob image;
  image.input = object.required("input").as_string(k_path_rule);
  image.pointer = jobkit::append_pointer(object.pointer(), "input");
  const std::string output_dir = object.optional("output_dir").string_or("", k_path_rule);
  const JsonField variants = object.optional("variants");
  for (const JsonField& item : variants.as_array(k_max_variants)) image.variants.push_back(read_variant(item.as_object()));
  if (variants.present() && variants.json().is_array() && variants.json().empty()) {
    variants.reject("must list at least one variant (leave it out for the defaults)");
  }
  if (!variants.present()) {
    image.variants = default_variants();
    for (Variant& variant : image.variants) variant.pointer = jobkit::append_pointer(object.pointer(), "variants");
  }
  const std::string derived_field =
      output_dir.empty() ? image.pointer : jobkit::append_pointer(object.pointer(), "output_dir");
  for (Variant& variant : image.variants) {
    variant.output_field = variant.output.empty() ? derived_field : jobkit::append_pointer(variant.pointer, "output");
    if (variant.output.empty()) variant.output = derived_output_name(image.input, output_dir, variant);
  }
  return image;
}

OnError read_on_error(JsonObject& root) {
  const JsonField field = root.optional("on_error");
  const std::string value = field.string_or("fail");
  if (value == "skip") return OnError::skip;
  if (value != "fail") field.reject("must be fail or skip");
  return OnError::fail;
}

// Two variants writing one file, or a variant overwriting an input, are mistakes.
void reject_clashing_paths(const Job& job, jobkit::FieldProblems& problems) {
  std::set<std::string> inputs;
  for (const ImageJob& image : job.images) inputs.insert(std::filesystem::path(image.input).lexically_normal());
  std::set<std::string> outputs;
  for (const ImageJob& image : job.images) {
    for (const Variant& variant : image.variants) {
      const std::string normal = std::filesystem::path(variant.output).lexically_normal();
      const std::string& field = variant.output_field;
      if (inputs.contains(normal)) problems.add(field, fmt::format("\"{}\" would overwrite an input image", variant.output));
      if (!outputs.insert(normal).second) {
        problems.add(field, fmt::format("\"{}\" is written by another variant too", variant.output));
      }
    }
  }
}

}  // namespace

jobkit::Result<Job> read_job(const nlohmann::json& document) {
  auto job = jobkit::read_fields<Job>(document, [](JsonObject& root) {
    Job job;
    const JsonField images = root.optional("images");
    if (images.present()) {
      job.shape = JobShape::batch;
      job.on_error = read_on_error(root);
      if (root.optional("input").present()) root.optional("input").reject("give either \"input\" or \"images\", not both");
      for (const JsonField& item : images.as_array(k_max_images)) {
        JsonObject object = item.as_object();
        job.images.push_back(read_image(object));
      }
      if (images.json().is_array() && images.json().empty()) images.reject("must list at least one image");
    } else {
      job.images.push_back(read_image(root));
    }
    return job;
  });
  if (!job) return job;
  jobkit::FieldProblems problems;
  reject_clashing_paths(job.value(), problems);
  if (!problems.empty()) return problems.to_error();
  return job;
}

std::vector<Variant> default_variants() {
  std::vector<Variant> variants;
  for (const int width : {1600, 800, 400}) variants.push_back({.width = width, .format = OutputFormat::webp});
  variants.push_back({.width = 1600, .format = OutputFormat::jpeg});
  return variants;
}

std::string derived_output_name(const std::string& input, const std::string& output_dir, const Variant& variant) {
  const std::filesystem::path input_path(input);
  std::string size;
  if (variant.width && variant.height) {
    size = fmt::format("{}x{}", *variant.width, *variant.height);
  } else if (variant.width) {
    size = std::to_string(*variant.width);
  } else {
    size = fmt::format("h{}", variant.height.value_or(0));
  }
  if (variant.fit != Fit::inside) size += fmt::format("-{}", fit_name(variant.fit));
  if (variant.frames == Frames::all) size += "-animated";
  const std::string name = fmt::format("{}-{}.{}", input_path.stem().string(), size, output_extension(variant.format));
  const std::filesystem::path folder = output_dir.empty() ? input_path.parent_path() : std::filesystem::path(output_dir);
  return (folder / name).generic_string();
}

std::string_view fit_name(Fit fit) {
  switch (fit) {
    case Fit::inside: return "inside";
    case Fit::cover: return "cover";
    case Fit::contain: return "contain";
  }
  return "inside";
}

}  // namespace optimize_image
