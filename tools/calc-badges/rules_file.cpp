#include "rules_file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "jobkit/shipped_data.hpp"

namespace calc_badges {

jobkit::Result<std::vector<BadgeRule>> load_rules(const Options& options, const jobkit::ToolContext& context) {
  const std::filesystem::path path =
      !options.rules_file.empty()
          ? std::filesystem::path(options.rules_file)
          : jobkit::shipped_data_folder({.tool = "calc-badges", .folder = "rules", .variable = "CALC_BADGES_RULES_DIR"},
                                        context.environment) / "badges.json";
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  if (file) text << file.rdbuf();
  if (!file) {
    jobkit::JobError error =
        jobkit::JobError::make(jobkit::ExitCode::config, fmt::format("cannot read the rules file {}", path.string()));
    error.code = "rules_file_missing";
    return error;
  }
  const nlohmann::json document = nlohmann::json::parse(text.str(), nullptr, false);
  if (document.is_discarded()) {
    jobkit::JobError error = jobkit::JobError::make(jobkit::ExitCode::invalid_data,
                                                    fmt::format("the rules file {} is not valid JSON", path.string()));
    error.code = "invalid_rules";
    return error;
  }
  auto rules = read_rules_file(document);
  if (!rules) {
    jobkit::JobError error = rules.error();
    error.message = fmt::format("the rules file {}: {}", path.string(), error.message);
    return error;
  }
  return rules;
}

}  // namespace calc_badges
