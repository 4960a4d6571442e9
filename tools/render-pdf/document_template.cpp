// Filling a document skeleton: every string through Mustache, lists expanded from data.
#include "document_template.hpp"

#include <fstream>
#include <system_error>

#include "jobkit/json_fields.hpp"
#include "jobkit/mustache.hpp"
#include "jobkit/shipped_data.hpp"
#include "page_placeholders.hpp"

namespace render_pdf {
namespace {

using jobkit::ExitCode;
using jobkit::JobError;
using jobkit::Result;
using nlohmann::json;

constexpr std::size_t k_max_list_items = 10000;

JobError error_at(const std::string& pointer, const std::string& message) {
  return JobError::make(ExitCode::invalid_data, "at " + (pointer.empty() ? std::string("/") : pointer) + ": " + message,
                        "/data");
}

bool is_truthy(const json& value) {
  if (value.is_null()) return false;
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_number()) return value.get<double>() != 0;
  if (value.is_string() || value.is_array() || value.is_object()) return !value.empty();
  return true;
}

Result<json> fill_value(const json& skeleton, const json& data, const std::string& pointer);

// {"each": "items", <member templates>} -> one filled copy of the member templates per
// element of data.items, each element's members added to the data.
Result<json> expand_each(const json& skeleton, const json& data, const std::string& pointer) {
  const auto name = skeleton["each"].get<std::string>();
  if (!data.contains(name) || !data[name].is_array()) {
    return error_at(pointer, "\"" + name + "\" must be an array in the data");
  }
  if (data[name].size() > k_max_list_items) {
    return error_at(pointer, "\"" + name + "\" has more than " + std::to_string(k_max_list_items) + " items");
  }
  json shape = skeleton;
  shape.erase("each");
  const json& row_template = shape.contains("cells") ? shape["cells"] : shape;
  // An object element sees the rest of the data too; the list itself is left out of that
  // copy, which would otherwise be made once per element and make a long table quadratic.
  json rest_of_data = data;
  rest_of_data.erase(name);
  json expanded = json::array();
  for (const auto& element : data[name]) {
    // A plain value is the data itself ({{.}}).
    json context = element.is_object() ? rest_of_data : element;
    if (element.is_object()) context.update(element);
    auto filled = fill_value(row_template, context, pointer);
    if (!filled) return filled;
    expanded.push_back(std::move(filled.value()));
  }
  return expanded;
}

Result<json> fill_object(const json& skeleton, const json& data, const std::string& pointer) {
  if (skeleton.contains("each") && skeleton["each"].is_string()) return expand_each(skeleton, data, pointer);
  json filled = json::object();
  for (const auto& [key, value] : skeleton.items()) {
    auto member = fill_value(value, data, jobkit::append_pointer(pointer, key));
    if (!member) return member;
    filled[key] = std::move(member.value());
  }
  return filled;
}

Result<json> fill_array(const json& skeleton, const json& data, const std::string& pointer) {
  json filled = json::array();
  for (std::size_t index = 0; index < skeleton.size(); ++index) {
    const json& item = skeleton[index];
    if (item.is_object() && item.contains("when")) {
      const std::string condition = item["when"].is_string() ? item["when"].get<std::string>() : "";
      if (!data.contains(condition) || !is_truthy(data[condition])) continue;
      json block = item;
      block.erase("when");
      auto kept = fill_value(block, data, jobkit::append_pointer(pointer, index));
      if (!kept) return kept;
      filled.push_back(std::move(kept.value()));
      continue;
    }
    auto element = fill_value(item, data, jobkit::append_pointer(pointer, index));
    if (!element) return element;
    filled.push_back(std::move(element.value()));
  }
  return filled;
}

Result<json> fill_value(const json& skeleton, const json& data, const std::string& pointer) {
  if (skeleton.is_string()) {
    // Most strings of a skeleton are fixed labels; only those with a tag need rendering.
    if (skeleton.get_ref<const std::string&>().find("{{") == std::string::npos) return skeleton;
    auto text = jobkit::render_mustache(skeleton.get<std::string>(), data, jobkit::Escaping::none);
    if (!text) return error_at(pointer, text.error().message);
    return json(std::move(text.value()));
  }
  if (skeleton.is_object()) return fill_object(skeleton, data, pointer);
  if (skeleton.is_array()) return fill_array(skeleton, data, pointer);
  return skeleton;
}

// The skeleton's own "{page}" and "{pages}" become marks before any data is filled in, so
// that the same words in the data are drawn as they are.
json with_marked_page_placeholders(json skeleton) {
  for (const char* decoration : {"header", "footer"}) {
    if (!skeleton.contains(decoration) || !skeleton[decoration].is_object()) continue;
    for (auto& text : skeleton[decoration]) {
      if (text.is_string()) text = mark_page_placeholders(text.get<std::string>());
    }
  }
  return skeleton;
}

}  // namespace

std::filesystem::path templates_folder(const jobkit::EnvironmentLookup& environment) {
  return jobkit::shipped_data_folder({.tool = "render-pdf", .folder = "templates", .variable = "PDF_TEMPLATES_DIR"},
                                     environment);
}

Result<json> fill_template(const std::filesystem::path& folder, const TemplateRequest& request) {
  const auto path = folder / (request.name + ".json");
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return JobError::make(ExitCode::invalid_data, "unknown template \"" + request.name + "\"", "/template");
  }
  std::ifstream input(path);
  const json skeleton = json::parse(input, nullptr, false);
  if (skeleton.is_discarded() || !skeleton.is_object()) {
    return JobError::make(ExitCode::internal, "template " + path.string() + " is not a JSON object");
  }
  return fill_value(with_marked_page_placeholders(skeleton), request.data, "");
}

}  // namespace render_pdf
