// Logging for tools and the runner: spdlog's default logger, writing to stderr only (stdout
// is the result channel), one line per message, every message passed through redaction.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <spdlog/common.h>

namespace jobkit {

enum class LogFormat { text, json };

struct LogOptions {
  std::string program;  // shown in every line, e.g. "render-pdf"
  LogFormat format = LogFormat::text;
  spdlog::level::level_enum level = spdlog::level::info;
  int fd = 2;  // stderr; tests pass a pipe
};

// Installs the default logger. Text lines look like
//   2026-11-28T12:00:00.123Z render-pdf info: wrote 2 pages
// JSON lines like {"time":"...","level":"info","program":"render-pdf","message":"..."}.
void configure_logging(const LogOptions& options);

// "trace", "debug", "info", "warn", "error", "critical", "off"; nullopt for anything else.
std::optional<spdlog::level::level_enum> parse_log_level(std::string_view name);
std::optional<LogFormat> parse_log_format(std::string_view name);

}  // namespace jobkit
