// The steps of one render-pdf job, in the order the job contract needs them: everything
// that can fail for bad data is checked before anything is written.
#include "render_pdf.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "document_reader.hpp"
#include "document_template.hpp"
#include "image_file.hpp"
#include "jobkit/digest.hpp"
#include "jobkit/storage.hpp"
#include "layout.hpp"
#include "notify.hpp"
#include "pdf_writer.hpp"
#include "job.hpp"
#include "text_check.hpp"

namespace render_pdf {
namespace {

using jobkit::JobError;
using jobkit::Result;

constexpr const char* k_debian_fonts = "/usr/share/fonts/truetype/dejavu";

// Errors found inside a filled template point into the template, which the user never
// wrote. An error about a text made from one data value names that value's field
// (/data/buyer/name); the text check names data fields itself. Any other error is reported
// against /data with the template's own position in the message. An error without a field
// (a file that cannot be read, too many pages) is about the run and stays as it is.
JobError attribute_to_template(JobError error, const std::string& name, const DataSources& sources) {
  if (error.field.empty()) return error;
  const auto rewrite = [&](std::string& field, std::string& message) {
    if (field.rfind("/data", 0) == 0) return;
    if (const auto from_data = sources.find(field); from_data != sources.end() && from_data->second.size() == 1) {
      field = from_data->second.front().field;
      return;
    }
    message = "template " + name + (field.empty() ? "" : " at " + field) + ": " + message;
    field = "/data";
  };
  rewrite(error.field, error.message);
  for (auto& detail : error.details) rewrite(detail.field, detail.message);
  return error;
}

Result<Document> read_document_model(const nlohmann::json& model) {
  return jobkit::read_fields<Document>(model, [](jobkit::JsonObject& root) { return read_document(std::move(root), DocumentSource::filled_template);
  });
}

Result<FontPair> open_fonts(const FontChoice& choice, const jobkit::EnvironmentLookup& environment) {
  const std::filesystem::path folder = environment("FONTS_DIR").value_or(k_debian_fonts);
  auto regular = FontFace::open(folder / choice.regular, choice.regular_field);
  if (!regular) return regular.error();
  auto bold = FontFace::open(folder / choice.bold, choice.bold_field);
  if (!bold) return bold.error();
  return FontPair{std::move(regular.value()), std::move(bold.value())};
}

struct LoadedImages {
  std::vector<ImageFile> files;
  std::vector<PixelSize> sizes;
  std::vector<std::string> fields;
};

// Reads every image block's file and numbers the blocks in the order of the files.
Result<LoadedImages> load_images(Document& document, const jobkit::StorageRoot& storage, const Options& options) {
  LoadedImages images;
  for (auto& block : document.blocks) {
    auto* image = std::get_if<Image>(&block);
    if (!image) continue;
    auto opened = storage.open_for_reading(image->path, image->field);
    if (!opened) return opened.error();
    auto file = read_image_file(opened.value(), image->field, {.max_pixels = options.max_image_pixels});
    if (!file) return file.error();
    image->image_index = images.files.size();
    images.sizes.push_back(file->size);
    images.fields.push_back(image->field);
    images.files.push_back(std::move(file.value()));
  }
  return images;
}

struct PreparedPdf {
  Document document;
  FontPair fonts;
  LoadedImages images;
  LaidOutDocument pages;
};

// Everything from the document up to (not including) painting; every error with a field
// names a place in the document.
Result<PreparedPdf> prepare_document(Result<Document> document, const jobkit::StorageRoot& storage,
                                     const jobkit::ToolContext& context, const Options& options,
                                     const DataSources& sources = {}) {
  if (!document) return document.error();
  auto fonts = open_fonts(document->fonts, context.environment);
  if (!fonts) return fonts.error();
  if (auto drawable = check_drawable_text(document.value(), fonts.value(), sources); !drawable) return drawable.error();
  auto images = load_images(document.value(), storage, options);
  if (!images) return images.error();
  auto pages = lay_out(document.value(), fonts.value(), images->sizes, options.max_pages);
  if (!pages) return pages.error();
  return PreparedPdf{std::move(document.value()), std::move(fonts.value()), std::move(images.value()),
                     std::move(pages.value())};
}

// The job's document, or its template filled and read; errors in a template's document are
// reported against /data, errors of the template itself name /template or /data already.
Result<PreparedPdf> prepare(const RenderJob& job, const jobkit::StorageRoot& storage, const jobkit::ToolContext& context,
                            const Options& options) {
  if (job.document) return prepare_document(*job.document, storage, context, options);
  const auto& request = *job.template_request;
  auto filled = fill_template(templates_folder(context.environment), request);
  if (!filled) return filled.error();
  auto prepared = prepare_document(read_document_model(filled->model), storage, context, options, filled->sources);
  if (!prepared) return attribute_to_template(prepared.error(), request.name, filled->sources);
  return prepared;
}

// Created beneath the root's descriptor, never through a link: the folder checked at the
// start may have been swapped since.
Result<std::string> store(const jobkit::StorageRoot& storage, const std::string& output, const std::string& bytes) {
  auto file = storage.create_file(output, "/output");
  if (!file) return file.error();
  if (auto written = file->write(bytes); !written) return written.error();
  if (auto committed = file->commit(); !committed) return committed.error();
  return jobkit::sha256_hex(bytes);
}

}  // namespace

void warm_up(const jobkit::EnvironmentLookup& environment) {
  static const nlohmann::json k_model = {
      {"blocks", {{{"type", "heading"}, {"text", "jobkit"}}, {{"type", "paragraph"}, {"text", "render-pdf"}}}}};
  auto document = read_document_model(k_model);
  if (!document) return;
  auto fonts = open_fonts(document->fonts, environment);
  if (!fonts) return spdlog::warn("fork server: {}", fonts.error().message);
  auto pages = lay_out(document.value(), fonts.value(), {}, 1);
  if (pages) (void)write_pdf(pages.value(), document->info, fonts.value(), {}, {});
}

Result<nlohmann::json> run_job(const nlohmann::json& input, const jobkit::ToolContext& context,
                                      const Options& options) {
  auto job = read_job(input);
  if (!job) return job.error();
  auto storage = jobkit::StorageRoot::from_environment(context.environment);
  if (!storage) return storage.error();
  // Checked up front so that a bad path fails before any drawing; written by store().
  if (auto target = storage->resolve(job->output, "/output"); !target) return target.error();

  auto prepared = prepare(job.value(), storage.value(), context, options);
  if (!prepared) return prepared.error();
  const std::size_t page_count = prepared->pages.pages.size();
  if (context.mode == jobkit::RunMode::dry_run) {
    return nlohmann::json{{"dry_run", true}, {"would_write", job->output}, {"pages", page_count}};
  }
  context.progress.report(nlohmann::json{{"percent", 50}, {"stage", "paint"}});
  auto pdf = write_pdf(prepared->pages, prepared->document.info, prepared->fonts, prepared->images.files,
                       prepared->images.fields);
  if (!pdf) return pdf.error();
  auto digest = store(storage.value(), job->output, pdf.value());
  if (!digest) return digest.error();
  spdlog::info("stored {} ({} pages, {} bytes)", job->output, page_count, pdf->size());

  const StoredPdf stored{job->output, page_count, pdf->size(), digest.value()};
  nlohmann::json result = {{"path", stored.path}, {"pages", stored.pages}, {"bytes", stored.bytes}, {"sha256", stored.sha256}};
  if (job->notify) result["enqueue"] = nlohmann::json::array({jobkit::to_json(pdf_ready_follow_up(*job->notify, stored))});
  return result;
}

}  // namespace render_pdf
