// Running a whole job: path resolution up front, one libvips session, images in order.
#include "optimize_image.hpp"

#include <malloc.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "input_check.hpp"
#include "job.hpp"
#include "output_limits.hpp"
#include "jobkit/storage.hpp"
#include "render.hpp"
#include "vips_session.hpp"

namespace optimize_image {
namespace {

using jobkit::ExitCode;
using jobkit::JobError;
using nlohmann::json;

// Every path of the job checked before any file is touched: one escape fails the job. Only
// a check: files are opened and created later beneath the root's descriptor, which holds
// even when a folder is swapped for a link in between.
jobkit::Status check_paths(const Job& job, const jobkit::StorageRoot& storage) {
  for (const ImageJob& image : job.images) {
    if (auto input = storage.resolve(image.input, image.pointer); !input) return input.error();
    for (const Variant& variant : image.variants) {
      if (auto output = storage.resolve(variant.output, variant.output_field); !output) return output.error();
    }
  }
  return jobkit::Done{};
}

// The input opened beneath the root; libvips reads it through /proc/self/fd, so the
// file it decodes is the one opened here, whatever happens to the path afterwards.
struct OpenedImage {
  const ImageJob* job = nullptr;
  jobkit::FileDescriptor file;
  InputLocation input;
};

jobkit::Result<OpenedImage> open_image(const ImageJob& image, const jobkit::StorageRoot& storage) {
  auto file = storage.open_for_reading(image.input, image.pointer);
  if (!file) {
    if (file.error().exit_code != ExitCode::missing_input) return file.error();
    return JobError::make(ExitCode::missing_input, fmt::format("{}: no such file", image.input), image.pointer);
  }
  const std::filesystem::path through = fmt::format("/proc/self/fd/{}", file->get());
  return OpenedImage{.job = &image, .file = std::move(file.value()), .input = {through, image.input, image.pointer}};
}

// All of an image's variants reach the disk under temporary names first; only when every
// one is written and flushed are they renamed, so a full disk on the third variant leaves
// none of them (the renames need no space).
jobkit::Status store_variants(const ImageJob& image, const std::vector<EncodedImage>& encoded,
                              const jobkit::StorageRoot& storage) {
  std::vector<jobkit::AtomicFile> files;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    const Variant& variant = image.variants[i];
    auto file = storage.create_file(variant.output, variant.output_field);
    if (!file) return file.error();
    if (auto written = file->write(encoded[i].bytes()); !written) return written.error();
    if (auto finished = file->finish(); !finished) return finished.error();
    files.push_back(std::move(file.value()));
  }
  for (jobkit::AtomicFile& file : files) {
    if (auto committed = file.commit(); !committed) return committed.error();
  }
  return jobkit::Done{};
}

json describe_plan(const Variant& variant) {
  json plan = {{"path", variant.output}, {"format", output_format_name(variant.format)},
               {"fit", fit_name(variant.fit)}};
  if (variant.width) plan["width"] = *variant.width;
  if (variant.height) plan["height"] = *variant.height;
  return plan;
}

json dry_run_result(const Job& job) {
  json images = json::array();
  for (const ImageJob& image : job.images) {
    json variants = json::array();
    for (const Variant& variant : image.variants) variants.push_back(describe_plan(variant));
    images.push_back({{"input", image.input}, {"variants", std::move(variants)}});
  }
  json result = job.shape == JobShape::batch ? json{{"images", std::move(images)}} : std::move(images[0]);
  result["dry_run"] = true;
  return result;
}

jobkit::Status check_animation_size(const OpenedImage& image, const InputInfo& info, const Limits& limits) {
  for (const Variant& variant : image.job->variants) {
    const std::int64_t pixels = std::int64_t{info.width} * info.height * info.frames;
    if (variant.frames == Frames::all && pixels > limits.max_pixels) {
      return JobError::make(ExitCode::invalid_data,
                            fmt::format("{}: {} frames of {}x{} pixels are over the limit of {} pixels in all",
                                        image.input.name, info.frames, info.width, info.height, limits.max_pixels),
                            image.input.field);
    }
  }
  return jobkit::Done{};
}

jobkit::Result<EncodedImage> render(VariantRenderer& renderer, const OpenedImage& image, std::size_t index) {
  const Variant& variant = image.job->variants[index];
  try {
    return renderer.render(index);
  } catch (const vips::VError& error) {
    vips_error_clear();
    return JobError::make(ExitCode::invalid_data,
                          fmt::format("{}: cannot make {}: {}", image.input.name, variant.output,
                                      describe_vips_error(error.what(), image.input)),
                          image.input.field);
  }
}

json describe_output(const Variant& variant, const EncodedImage& encoded) {
  json output = {{"path", variant.output}, {"width", encoded.width}, {"height", encoded.height},
                 {"bytes", encoded.bytes().size()}, {"format", output_format_name(variant.format)}};
  if (encoded.frames > 1) output["frames"] = encoded.frames;
  return output;
}

// Every variant is rendered in memory before the first is written, so a file that turns
// out to be corrupt halfway through decoding leaves no outputs at all.
jobkit::Result<json> process_image(const ImageJob& job, const jobkit::StorageRoot& storage, const Options& options,
                                   std::int64_t& job_pixels) {
  const Limits& limits = options.limits;
  const auto started = std::chrono::steady_clock::now();
  auto opened = open_image(job, storage);
  if (!opened) return opened.error();
  const OpenedImage& image = opened.value();
  auto info = inspect_input(image.input, limits);
  if (!info) return info.error();
  if (auto within = check_animation_size(image, info.value(), limits); !within) return within.error();
  if (auto within = check_output_pixels(job, info.value(), options.output_limits, job_pixels); !within) {
    return within.error();
  }
  std::vector<EncodedImage> encoded;
  VariantRenderer renderer(image.input.path, info.value(), image.job->variants);
  for (std::size_t index = 0; index < image.job->variants.size(); ++index) {
    auto variant_image = render(renderer, image, index);
    if (!variant_image) return variant_image.error();
    encoded.push_back(std::move(variant_image.value()));
  }
  if (auto stored = store_variants(job, encoded, storage); !stored) return stored.error();
  json variants = json::array();
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    variants.push_back(describe_output(image.job->variants[i], encoded[i]));
  }
  const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
  spdlog::info("{}: {}x{} {}, {} variants in {:.0f} ms", image.input.name, info->width, info->height,
               input_format_name(info->format), encoded.size(), elapsed.count());
  json original = {{"width", info->width}, {"height", info->height}, {"format", input_format_name(info->format)},
                   {"bytes", info->file_bytes}};
  if (info->frames > 1) original["frames"] = info->frames;
  return json{{"input", image.input.name}, {"original", std::move(original)}, {"variants", std::move(variants)}};
}

bool is_refused_image(const JobError& error) {
  return error.exit_code == ExitCode::invalid_data || error.exit_code == ExitCode::missing_input;
}

int pipeline_threads(const Options& options, const jobkit::EnvironmentLookup& environment) {
  if (options.concurrency > 0) return options.concurrency;
  // Several jobs run side by side on a worker: one thread each unless the operator says.
  return environment("VIPS_CONCURRENCY") ? 0 : 1;
}

}  // namespace

jobkit::Result<json> run_job(const json& document, const jobkit::ToolContext& context, const Options& options) {
  auto job = read_job(document);
  if (!job) return job.error();
  auto storage = jobkit::StorageRoot::from_environment(context.environment);
  if (!storage) return storage.error();
  if (auto checked = check_paths(job.value(), storage.value()); !checked) return checked.error();
  if (auto within = check_requested_output(job.value(), options.output_limits); !within) return within.error();
  if (context.mode == jobkit::RunMode::dry_run) return dry_run_result(job.value());

  const VipsSession vips(pipeline_threads(options, context.environment));
  json results = json::array();
  const std::vector<ImageJob>& images = job->images;
  std::int64_t job_pixels = 0;  // output pixels of the images so far, against the job's limit
  for (std::size_t i = 0; i < images.size(); ++i) {
    const ImageJob& image = images[i];
    auto result = process_image(image, storage.value(), options, job_pixels);
    if (result) {
      results.push_back(std::move(result.value()));
    } else if (job->on_error == OnError::skip && is_refused_image(result.error())) {
      spdlog::warn("skipped: {}", result.error().message);
      results.push_back({{"input", image.input}, {"error", to_json(result.error())["error"]}});
    } else {
      return result.error();
    }
    context.progress.report(static_cast<int>((i + 1) * 100 / images.size()));
    // glibc keeps the pages freed after an image for reuse, spread over several arenas; in a
    // gallery that makes the process grow image by image. Handing them back keeps a batch
    // close to the memory of a single image.
    if (images.size() > 1) malloc_trim(0);
  }
  if (job->shape == JobShape::single) return std::move(results[0]);
  return json{{"images", std::move(results)}};
}

}  // namespace optimize_image
