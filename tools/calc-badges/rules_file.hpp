// Finds and reads the rules file: --rules, else badges.json in CALC_BADGES_RULES_DIR, else the
// shipped rules/badges.json.
#pragma once

#include <vector>

#include "jobkit/tool_context.hpp"
#include "options.hpp"
#include "rules.hpp"

namespace calc_badges {

// Errors: config (78, "rules_file_missing") when the file cannot be read; invalid data (65,
// "invalid_rules") for a file that is not JSON, or a rule that is not valid (the field is the
// JSON Pointer inside the file).
jobkit::Result<std::vector<BadgeRule>> load_rules(const Options& options, const jobkit::ToolContext& context);

}  // namespace calc_badges
