// A scan of Mustache tags, just deep enough to find variable names; rendering stays with
// jobkit::render_mustache.
#include "template_tags.hpp"

namespace render_pdf {
namespace {

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

}  // namespace

std::vector<std::string> top_level_variables(std::string_view text) {
  std::vector<std::string> names;
  int section_depth = 0;
  std::size_t position = 0;
  while ((position = text.find("{{", position)) != std::string_view::npos) {
    const bool triple = text.substr(position, 3) == "{{{";
    const std::string_view closer = triple ? "}}}" : "}}";
    const std::size_t body_start = position + (triple ? 3 : 2);
    const std::size_t end = text.find(closer, body_start);
    if (end == std::string_view::npos) break;
    std::string_view body = trimmed(text.substr(body_start, end - body_start));
    position = end + closer.size();
    const char sigil = body.empty() || triple ? '\0' : body.front();
    if (sigil == '#' || sigil == '^') {
      ++section_depth;
    } else if (sigil == '/') {
      if (section_depth > 0) --section_depth;
    } else if (sigil == '!' || sigil == '>' || sigil == '=') {
      continue;
    } else if (section_depth == 0) {
      if (sigil == '&') body = trimmed(body.substr(1));
      if (!body.empty()) names.emplace_back(body);
    }
  }
  return names;
}

}  // namespace render_pdf
