// Filling a document skeleton: every string through Mustache, lists expanded from data.
#include "document_template.hpp"

#include <algorithm>
#include <fstream>
#include <system_error>

#include "jobkit/json_fields.hpp"
#include "jobkit/mustache.hpp"
#include "jobkit/shipped_data.hpp"
#include "page_placeholders.hpp"
#include "template_tags.hpp"

namespace render_pdf {
namespace {

using jobkit::ExitCode;
using jobkit::JobError;
using jobkit::Result;
using nlohmann::json;

constexpr std::size_t k_max_list_items = 10000;
// A template over a long list can miss the same member in every row; the error lists this
// many fields and counts the rest.
constexpr std::size_t k_max_missing_listed = 50;

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

// One level of the data a string sees: the job's data, then one element per "each" list.
// A plain value (not an object) as an element is all its strings see, as in Mustache.
struct DataFrame {
  std::string field;
  const json* value;
  bool hides_outer;
};

// Where a variable of a template string is in the job, and its value (null when missing).
struct VariableLookup {
  std::string field;
  const json* value = nullptr;
};

std::vector<std::string> name_segments(std::string_view name) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (true) {
    const auto dot = name.find('.', start);
    segments.emplace_back(name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) return segments;
    start = dot + 1;
  }
}

std::string pointer_below(std::string field, const std::vector<std::string>& segments, std::size_t first) {
  for (std::size_t index = first; index < segments.size(); ++index) field = jobkit::append_pointer(field, segments[index]);
  return field;
}

// Mustache's lookup of a (dotted) name, innermost frame first, also telling where the value
// is or, when missing, where the user should have put it.
VariableLookup look_up(std::string_view name, const std::vector<DataFrame>& frames) {
  const DataFrame& innermost = frames.back();
  if (name == ".") return {innermost.field, innermost.value};
  const auto segments = name_segments(name);
  for (auto frame = frames.rbegin(); frame != frames.rend(); ++frame) {
    if (frame->value->is_object() && frame->value->contains(segments.front())) {
      const json* value = frame->value;
      std::string field = frame->field;
      for (std::size_t index = 0; index < segments.size(); ++index) {
        if (!value->is_object() || !value->contains(segments[index])) return {pointer_below(field, segments, index)};
        value = &(*value)[segments[index]];
        field = jobkit::append_pointer(field, segments[index]);
      }
      return {field, value};
    }
    if (frame->hides_outer) break;
  }
  return {pointer_below(innermost.field, segments, 0)};
}

struct FillState {
  std::string template_name;
  std::vector<DataFrame> frames;
  std::vector<std::string> missing;  // in order of first use
  DataSources sources;
};

// The places of one value in the skeleton (for messages about the template) and in the
// filled model (for DataSources).
struct Place {
  std::string skeleton;
  std::string model;
};

Place member_place(const Place& place, const std::string& key) {
  return {jobkit::append_pointer(place.skeleton, key), jobkit::append_pointer(place.model, key)};
}

void note_missing(FillState& state, const std::string& field) {
  if (std::find(state.missing.begin(), state.missing.end(), field) == state.missing.end()) state.missing.push_back(field);
}

Result<json> fill_value(const json& skeleton, const json& data, const Place& place, FillState& state);

// {"each": "items", <member templates>} -> one filled copy of the member templates per
// element of data.items, each element's members added to the data.
Result<json> expand_each(const json& skeleton, const json& data, const Place& place, FillState& state) {
  const auto name = skeleton["each"].get<std::string>();
  const VariableLookup list = look_up(name, state.frames);
  const std::string uses = " (template \"" + state.template_name + "\" makes rows of it)";
  if (!data.contains(name) || !data[name].is_array()) {
    return JobError::make(ExitCode::invalid_data, "must be an array" + uses, list.field);
  }
  if (data[name].size() > k_max_list_items) {
    return JobError::make(ExitCode::invalid_data, "has more than " + std::to_string(k_max_list_items) + " items" + uses,
                          list.field);
  }
  json shape = skeleton;
  shape.erase("each");
  const json& row_template = shape.contains("cells") ? shape["cells"] : shape;
  // An object element sees the rest of the data too; the list itself is left out of that
  // copy, which would otherwise be made once per element and make a long table quadratic.
  json rest_of_data = data;
  rest_of_data.erase(name);
  json expanded = json::array();
  const json& elements = data[name];
  for (std::size_t index = 0; index < elements.size(); ++index) {
    const json& element = elements[index];
    // A plain value is the data itself ({{.}}).
    json context = element.is_object() ? rest_of_data : element;
    if (element.is_object()) context.update(element);
    state.frames.push_back({jobkit::append_pointer(list.field, index), &element, !element.is_object()});
    auto filled = fill_value(row_template, context, {place.skeleton, jobkit::append_pointer(place.model, index)}, state);
    state.frames.pop_back();
    if (!filled) return filled;
    expanded.push_back(std::move(filled.value()));
  }
  return expanded;
}

Result<json> fill_object(const json& skeleton, const json& data, const Place& place, FillState& state) {
  if (skeleton.contains("each") && skeleton["each"].is_string()) return expand_each(skeleton, data, place, state);
  json filled = json::object();
  for (const auto& [key, value] : skeleton.items()) {
    auto member = fill_value(value, data, member_place(place, key), state);
    if (!member) return member;
    filled[key] = std::move(member.value());
  }
  return filled;
}

Result<json> fill_array(const json& skeleton, const json& data, const Place& place, FillState& state) {
  json filled = json::array();
  for (std::size_t index = 0; index < skeleton.size(); ++index) {
    const json& item = skeleton[index];
    // Blocks left out by "when" shift the ones after them in the model.
    const Place item_place{jobkit::append_pointer(place.skeleton, index), jobkit::append_pointer(place.model, filled.size())};
    if (item.is_object() && item.contains("when")) {
      const std::string condition = item["when"].is_string() ? item["when"].get<std::string>() : "";
      if (!data.contains(condition) || !is_truthy(data[condition])) continue;
      json block = item;
      block.erase("when");
      auto kept = fill_value(block, data, item_place, state);
      if (!kept) return kept;
      filled.push_back(std::move(kept.value()));
      continue;
    }
    auto element = fill_value(item, data, item_place, state);
    if (!element) return element;
    filled.push_back(std::move(element.value()));
  }
  return filled;
}

// A string with tags: its variables are looked up first, so that every missing one is
// reported (not just the first) and the data strings it holds are recorded for errors.
Result<json> fill_string(const std::string& skeleton, const json& data, const Place& place, FillState& state) {
  std::vector<DataSource> used;
  bool complete = true;
  for (const auto& name : top_level_variables(skeleton)) {
    const VariableLookup variable = look_up(name, state.frames);
    if (!variable.value) {
      note_missing(state, variable.field);
      complete = false;
    } else if (variable.value->is_string()) {
      used.push_back({variable.field, variable.value->get<std::string>()});
    }
  }
  if (!complete) return json(skeleton);  // reported with all the others when the fill ends
  auto text = jobkit::render_mustache(skeleton, data, jobkit::Escaping::none);
  if (!text) return error_at(place.skeleton, text.error().message);
  if (!used.empty()) state.sources[place.model] = std::move(used);
  return json(std::move(text.value()));
}

Result<json> fill_value(const json& skeleton, const json& data, const Place& place, FillState& state) {
  if (skeleton.is_string()) {
    // Most strings of a skeleton are fixed labels; only those with a tag need rendering.
    if (skeleton.get_ref<const std::string&>().find("{{") == std::string::npos) return skeleton;
    return fill_string(skeleton.get_ref<const std::string&>(), data, place, state);
  }
  if (skeleton.is_object()) return fill_object(skeleton, data, place, state);
  if (skeleton.is_array()) return fill_array(skeleton, data, place, state);
  return skeleton;
}

JobError missing_fields_error(const FillState& state) {
  jobkit::FieldProblems problems;
  std::string listed;
  for (std::size_t index = 0; index < state.missing.size() && index < k_max_missing_listed; ++index) {
    problems.add(state.missing[index], "missing from the data; template \"" + state.template_name + "\" uses it");
    listed += (listed.empty() ? "" : ", ") + state.missing[index];
  }
  if (state.missing.size() > k_max_missing_listed) {
    listed += " and " + std::to_string(state.missing.size() - k_max_missing_listed) + " more";
  }
  JobError error = problems.to_error();
  const bool one = state.missing.size() == 1;
  error.message = std::string(one ? "a field" : std::to_string(state.missing.size()) + " fields") + " that template \"" +
                  state.template_name + "\" uses " + (one ? "is" : "are") + " missing from the data: " + listed;
  return error;
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

Result<FilledTemplate> fill_template(const std::filesystem::path& folder, const TemplateRequest& request) {
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
  FillState state{.template_name = request.name, .frames = {{"/data", &request.data, false}}, .missing = {}, .sources = {}};
  auto model = fill_value(with_marked_page_placeholders(skeleton), request.data, {}, state);
  if (!model) return model.error();
  if (!state.missing.empty()) return missing_fields_error(state);
  return FilledTemplate{std::move(model.value()), std::move(state.sources)};
}

}  // namespace render_pdf
