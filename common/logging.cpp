// A spdlog sink that formats, redacts and writes each message with a single write(2).
#include "jobkit/logging.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <mutex>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include "jobkit/file_descriptor.hpp"
#include "jobkit/redaction.hpp"

namespace jobkit {
namespace {

std::string format_time(spdlog::log_clock::time_point time) {
  const auto milliseconds =
      std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count() % 1000;
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z", fmt::gmtime(spdlog::log_clock::to_time_t(time)), milliseconds);
}

// One record, one line: a line break or another control character in a message (which
// often quotes job data) is written as an escape, so that it cannot start a line that would
// pass for one the tool wrote, nor drive a terminal. Tabs stay.
std::string escape_control_characters(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      escaped += "\\n";
    } else if (c == '\r') {
      escaped += "\\r";
    } else if ((byte < 0x20 && c != '\t') || byte == 0x7f) {
      escaped += fmt::format("\\x{:02x}", byte);
    } else {
      escaped += c;
    }
  }
  return escaped;
}

class RedactingSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  RedactingSink(std::string program, LogFormat format, int fd)
      : m_program(std::move(program)), m_format(format), m_fd(fd) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& message) override {
    const std::string text = redact_secrets(std::string_view(message.payload.data(), message.payload.size()));
    const auto level = spdlog::level::to_string_view(message.level);
    std::string line;
    if (m_format == LogFormat::json) {
      // error_handler_t::replace: a log line must never throw over a stray byte.
      line = nlohmann::json{{"time", format_time(message.time)},
                            {"level", std::string_view(level.data(), level.size())},
                            {"program", m_program},
                            {"message", text}}
                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    } else {
      line = fmt::format("{} {} {}: {}", format_time(message.time), m_program,
                         std::string_view(level.data(), level.size()), escape_control_characters(text));
    }
    line += '\n';
    write_all(m_fd, line);  // nowhere left to report a failure
  }
  void flush_() override {}

 private:
  std::string m_program;
  LogFormat m_format;
  int m_fd;
};

}  // namespace

void configure_logging(const LogOptions& options) {
  auto sink = std::make_shared<RedactingSink>(options.program, options.format, options.fd);
  auto logger = std::make_shared<spdlog::logger>(options.program, std::move(sink));
  logger->set_level(options.level);
  spdlog::set_default_logger(std::move(logger));
}

std::optional<spdlog::level::level_enum> parse_log_level(std::string_view name) {
  const auto level = spdlog::level::from_str(std::string(name));
  // from_str answers "off" for every unknown name; only a real "off" may mean off.
  if (level == spdlog::level::off && name != "off") return std::nullopt;
  return level;
}

std::optional<LogFormat> parse_log_format(std::string_view name) {
  if (name == "text") return LogFormat::text;
  if (name == "json") return LogFormat::json;
  return std::nullopt;
}

}  // namespace jobkit
