// The variables a Mustache string of a document template uses directly, so that a filled
// document can tell which part of the job's data each of its texts came from.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace render_pdf {

// The names of the variable tags ({{name}}, {{{name}}}, {{& name}}) outside any section, in
// order of appearance, repeats included. Names inside {{#section}} or {{^inverted}} are left
// out: they resolve against the section's context, which only the renderer knows. An
// unclosed tag ends the scan (the renderer reports it).
std::vector<std::string> top_level_variables(std::string_view text);

}  // namespace render_pdf
