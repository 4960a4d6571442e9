// `schedules import-crontab`: crontab lines that run jobkit tools turned into the config's
// schedule entries, so that retiring crontab is one reviewed step. The text is parsed, never
// given to a shell; whatever needs a shell to mean what it says (pipelines, lists,
// expansions, quoting) is refused with the reason, as are lines with no schedule equivalent.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace queue_runner {

struct CrontabImport {
  nlohmann::json entries = nlohmann::json::array();  // schedule entries, in line order
  std::vector<std::string> refused;  // "line N: <why>: <line>"
  std::vector<std::string> notes;    // mapped lines with something left behind (env, output)
};

struct CrontabImportOptions {
  std::map<std::string, std::string> tool_queues;  // program name (no folder) -> queue
  std::optional<std::string> tz;                   // given to every entry
};

// The queue of each tool as the platform's design assigns them.
std::map<std::string, std::string> default_tool_queues();

// Files named by `< FILE` (or --input FILE) are read as the job's data, which must be a JSON
// object: cron fed them to the tool's stdin.
CrontabImport import_crontab(std::string_view text, const CrontabImportOptions& options);

// The host's zone name (what cron ran the lines in): /etc/localtime's link target under
// zoneinfo, else /etc/timezone; nullopt when neither names one.
std::optional<std::string> host_zone_name();

}  // namespace queue_runner
