// Reading crontab(5) lines: "m h dom mon dow command" or "@daily command", with optional
// NAME=value lines and, in /etc/crontab style, a user before the command.
#include "crontab_import.hpp"

#include <filesystem>
#include <fstream>
#include <variant>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cron_pattern.hpp"
#include "jobkit/job_input.hpp"

namespace queue_runner {
namespace {

constexpr std::size_t k_pattern_fields = 5;

// cron's nicknames, as cron(8) defines them.
const std::map<std::string, std::string, std::less<>>& nicknames() {
  static const std::map<std::string, std::string, std::less<>> names = {
      {"@yearly", "0 0 1 1 *"}, {"@annually", "0 0 1 1 *"}, {"@monthly", "0 0 1 * *"},
      {"@weekly", "0 0 * * 0"}, {"@daily", "0 0 * * *"},    {"@midnight", "0 0 * * *"},
      {"@hourly", "0 * * * *"},
  };
  return names;
}

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto start = text.find_first_not_of(" \t", at);
    if (start == std::string_view::npos) break;
    const auto end = std::min(text.find_first_of(" \t", start), text.size());
    words.emplace_back(text.substr(start, end - start));
    at = end;
  }
  return words;
}

bool is_environment_assignment(std::string_view word) {
  const auto equals = word.find('=');
  if (equals == 0 || equals == std::string_view::npos) return false;
  for (std::size_t i = 0; i < equals; ++i) {
    const char c = word[i];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_') || (i == 0 && std::isdigit(static_cast<unsigned char>(c)))) {
      return false;
    }
  }
  return true;
}

// Characters whose meaning only a shell gives: a command list or pipeline, expansions,
// quoting, subshells, and cron's own '%' (newline / stdin).
std::optional<std::string> needs_a_shell(std::string_view command) {
  static const std::pair<std::string_view, std::string_view> k_constructs[] = {
      {"|", "a pipeline"},          {";", "a command list"},   {"&&", "a command list"},
      {"$", "a shell expansion"},   {"`", "a command substitution"}, {"'", "shell quoting"},
      {"\"", "shell quoting"},      {"\\", "shell quoting"},   {"(", "a subshell"},
      {"*", "a file name pattern"}, {"?", "a file name pattern"}, {"%", "cron's % (stdin text)"},
  };
  for (const auto& [construct, what] : k_constructs) {
    if (command.find(construct) != std::string_view::npos) return fmt::format("{} ('{}') needs a shell", what, construct);
  }
  // '&' alone is a background job; '2>&1' and '&>' are redirections, handled below.
  std::string without_redirections(command);
  for (const std::string_view redirection : {"2>&1", "&>>", "&>"}) {
    for (auto at = without_redirections.find(redirection); at != std::string::npos; at = without_redirections.find(redirection)) {
      without_redirections.erase(at, redirection.size());
    }
  }
  if (without_redirections.find('&') != std::string::npos) return "a background job ('&') needs a shell";
  return std::nullopt;
}

struct MappedCommand {
  std::string tool;
  std::string queue;
  std::optional<std::string> data_file;
  std::vector<std::string> dropped_environment;
  bool dropped_output = false;
  std::string user;
};

bool is_output_redirection(std::string_view word) {
  for (const std::string_view prefix : {"2>&1", "&>>", "&>", "1>>", "2>>", ">>", "1>", "2>", ">"}) {
    if (word.starts_with(prefix)) return true;
  }
  return false;
}

// Takes the command words apart; the string is why the line cannot be mapped.
std::variant<MappedCommand, std::string> map_command(const std::vector<std::string>& words,
                                                     const std::map<std::string, std::string>& tool_queues) {
  MappedCommand mapped;
  std::size_t at = 0;
  while (at < words.size() && is_environment_assignment(words[at])) mapped.dropped_environment.push_back(words[at++]);
  const auto queue_of = [&](const std::string& word) -> const std::string* {
    const auto found = tool_queues.find(std::filesystem::path(word).filename().string());
    return found == tool_queues.end() ? nullptr : &found->second;
  };
  // /etc/crontab and /etc/cron.d lines name a user before the command (and its NAME=value).
  if (at < words.size() && !queue_of(words[at]) && words[at].find('/') == std::string::npos) {
    std::size_t command = at + 1;
    while (command < words.size() && is_environment_assignment(words[command])) ++command;
    if (command < words.size() && queue_of(words[command])) {
      mapped.user = words[at++];
      while (at < command) mapped.dropped_environment.push_back(words[at++]);
    }
  }
  if (at >= words.size()) return std::string("no command");
  const std::string* queue = queue_of(words[at]);
  if (!queue) return fmt::format("runs {}, which is not a jobkit tool of the queue map", words[at]);
  mapped.tool = std::filesystem::path(words[at]).filename().string();
  mapped.queue = *queue;
  std::vector<std::string> arguments;
  for (++at; at < words.size(); ++at) {
    const std::string& word = words[at];
    const bool input = word == "<" || word == "--input";
    if (input || (word.starts_with("<") && word.size() > 1) || word.starts_with("--input=")) {
      std::string file = input ? (at + 1 < words.size() ? words[++at] : "") : word.substr(word.starts_with("<") ? 1 : 8);
      if (file.empty()) return fmt::format("{} names no file", word);
      mapped.data_file = file;
    } else if (is_output_redirection(word)) {
      mapped.dropped_output = true;
      // "> file" with a space: the next word is the file.
      const bool bare = word == ">" || word == ">>" || word == "1>" || word == "2>" || word == "1>>" || word == "2>>" ||
                        word == "&>" || word == "&>>";
      if (bare) ++at;
    } else {
      arguments.push_back(word);
    }
  }
  if (!arguments.empty()) {
    return fmt::format("passes arguments ({}) that a queue's command cannot take per job; put them in the queue's "
                       "command in the config",
                       fmt::join(arguments, " "));
  }
  return mapped;
}

std::variant<nlohmann::json, std::string> read_data_file(const std::string& path) {
  auto text = jobkit::read_job_file(path, {});
  if (!text) return fmt::format("cannot read its input {}: {}", path, text.error().message);
  auto data = jobkit::parse_job(text.value(), {});
  if (!data) return fmt::format("its input {} is not a job: {}", path, data.error().message);
  return data.value();
}

std::string entry_id(const std::string& tool, std::map<std::string, int>& seen) {
  const int count = ++seen[tool];
  return count == 1 ? tool : fmt::format("{}-{}", tool, count);
}

}  // namespace

std::map<std::string, std::string> default_tool_queues() {
  return {{"send-notification", "notifications"}, {"render-pdf", "documents"}, {"optimize-image", "media"},
          {"calc-rankings", "rankings"},          {"calc-badges", "badges"},   {"sync-sheets", "integrations"},
          {"cleanup", "maintenance"}};
}

CrontabImport import_crontab(std::string_view text, const CrontabImportOptions& options) {
  CrontabImport result;
  std::map<std::string, int> seen_tools;
  std::size_t number = 0;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string line(text.substr(start, end - start));
    start = end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto words = split_words(line);
    if (words.empty() || words.front().starts_with("#")) continue;
    const auto refuse = [&](const std::string& why) { result.refused.push_back(fmt::format("line {}: {}: {}", number, why, line)); };
    const bool spaced_assignment = words.size() > 1 && words[1].starts_with("=");
    if (spaced_assignment || (is_environment_assignment(words.front()) && line.find_first_of(" \t") > line.find('='))) {
      refuse("an environment setting for the lines below; give the tools' settings in the queue's \"env\" in the config");
      continue;
    }
    std::string pattern;
    std::size_t command_start = 0;
    if (words.front().starts_with("@")) {
      if (words.front() == "@reboot") {
        refuse("@reboot runs at boot, which no schedule can express; start that work with the service instead");
        continue;
      }
      const auto nickname = nicknames().find(words.front());
      if (nickname == nicknames().end()) {
        refuse(fmt::format("{} is no cron nickname", words.front()));
        continue;
      }
      pattern = nickname->second;
      command_start = 1;
    } else {
      if (words.size() <= k_pattern_fields) {
        refuse("fewer than five time fields and a command");
        continue;
      }
      pattern = fmt::format("{}", fmt::join(words.begin(), words.begin() + k_pattern_fields, " "));
      command_start = k_pattern_fields;
    }
    if (auto parsed = jobkit::cron::parse_cron_pattern(pattern); !parsed) {
      refuse(fmt::format("the time fields \"{}\" are not a pattern BullMQ accepts: {}", pattern, parsed.error().message));
      continue;
    }
    const std::vector<std::string> command_words(words.begin() + static_cast<std::ptrdiff_t>(command_start), words.end());
    if (auto shell = needs_a_shell(fmt::format("{}", fmt::join(command_words, " ")))) {
      refuse(*shell);
      continue;
    }
    auto mapped = map_command(command_words, options.tool_queues);
    if (auto* why = std::get_if<std::string>(&mapped)) {
      refuse(*why);
      continue;
    }
    auto& command = std::get<MappedCommand>(mapped);
    nlohmann::json data = nlohmann::json::object();
    if (command.data_file) {
      auto read = read_data_file(*command.data_file);
      if (auto* why = std::get_if<std::string>(&read)) {
        refuse(*why);
        continue;
      }
      data = std::get<nlohmann::json>(read);
    }
    nlohmann::json entry = {{"id", entry_id(command.tool, seen_tools)}, {"queue", command.queue}, {"pattern", pattern}};
    if (options.tz) entry["tz"] = *options.tz;
    entry["name"] = command.tool;
    entry["data"] = data;
    const std::string id = entry["id"].get<std::string>();
    if (!command.data_file) {
      result.notes.push_back(fmt::format("line {} ({}): no '< FILE', so the job's data is {{}}", number, id));
    }
    if (!command.dropped_environment.empty()) {
      result.notes.push_back(fmt::format("line {} ({}): environment {} not carried over; set it in queue {}'s \"env\"",
                                         number, id, fmt::join(command.dropped_environment, " "), command.queue));
    }
    if (command.dropped_output) {
      result.notes.push_back(fmt::format("line {} ({}): output redirection dropped; the result and the tool's log are "
                                         "kept with the job in BullMQ",
                                         number, id));
    }
    if (!command.user.empty()) {
      result.notes.push_back(fmt::format("line {} ({}): ran as user {}; the job runs as queue-runner's user", number, id,
                                         command.user));
    }
    result.entries.push_back(std::move(entry));
  }
  return result;
}

std::optional<std::string> host_zone_name() {
  std::error_code error;
  const auto target = std::filesystem::read_symlink("/etc/localtime", error);
  if (!error) {
    const std::string text = target.string();
    if (const auto at = text.find("zoneinfo/"); at != std::string::npos) return text.substr(at + 9);
  }
  std::ifstream file("/etc/timezone");
  std::string name;
  if (file >> name && !name.empty()) return name;
  return std::nullopt;
}

}  // namespace queue_runner
