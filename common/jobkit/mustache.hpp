// A small Mustache renderer (the subset our templates use): {{name}} HTML-escaped or not
// per Escaping, {{{name}}} and {{& name}} never escaped, {{#section}}, {{^inverted}},
// {{> partial}}, {{! comment}}, dotted names and {{.}}. Standalone tags (a section, comment or
// partial tag alone on its line) take their line with them, as the Mustache spec says.
//
// Stricter than the spec on purpose: a variable that is missing from the data is an error
// naming it, never an empty string, so a misspelt field cannot send "Dear ," to a customer.
// A variable present with the value null renders as empty text. Sections and inverted
// sections over a missing name are false, as in the spec (optional parts of the data).
// Set-delimiter tags and lambdas are not supported.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "jobkit/job_error.hpp"

namespace jobkit {

// Returns the text of the named partial, or nullopt when there is none.
using PartialLookup = std::function<std::optional<std::string>(std::string_view name)>;

// html: & < > " ' become entities in {{name}} (for HTML parts); none: nothing is escaped
// (for plain text parts and subjects).
enum class Escaping { html, none };

// Renders template_text with data as the root context.
// Errors: invalid_data (65): a variable missing from data (named in the message), an
// unclosed or mismatched section, an unclosed tag, a set-delimiter tag, an
// unknown partial, partials nested deeper than 16, sections nested deeper than 32, and a
// rendering of more than 10,000,000 steps or 32 MiB ("renders too much").
Result<std::string> render_mustache(std::string_view template_text, const nlohmann::json& data, Escaping escaping,
                                    const PartialLookup& partials = {});

// Checks the template's own text, without data or partials: the errors of render_mustache
// that no data can cause or cure (an unclosed or mismatched section or tag, an empty tag, a
// set-delimiter tag, sections nested deeper than 32), so that a caller can name the template
// rather than the data.
Status check_mustache_syntax(std::string_view template_text);

}  // namespace jobkit
