// Thresholds are objects so that each names its own duration; durations are milliseconds
// like every other duration of the configuration.
#include "alerts/alerts_config.hpp"

#include <fmt/format.h>

namespace queue_runner::alerts {
namespace {

constexpr jobkit::Range<std::int64_t> k_duration_range{0, 7 * 24 * 3600 * 1000LL};

std::optional<WebhookConfig> read_webhook(const jobkit::JsonField& field) {
  if (!field.present()) return std::nullopt;
  auto object = field.as_object();
  WebhookConfig webhook;
  const auto url = object.required("url");
  webhook.url = url.as_string({.min_length = 1, .max_length = 2000});
  if (url.present() && webhook.url.rfind("http://", 0) != 0 && webhook.url.rfind("https://", 0) != 0) {
    url.reject("must be an http:// or https:// URL");
  }
  const auto format = object.optional("format");
  const std::string format_name = format.string_or("slack");
  if (format_name == "json") webhook.format = WebhookFormat::json;
  else if (format_name != "slack") format.reject("must be slack or json");
  webhook.timeout_ms = object.optional("timeout_ms").integer_or(webhook.timeout_ms, {100, 60000});
  return webhook;
}

std::optional<Threshold> read_threshold(const jobkit::JsonField& field, const char* limit_name) {
  if (!field.present()) return std::nullopt;
  auto object = field.as_object();
  Threshold threshold;
  threshold.limit = object.required(limit_name).as_integer({1, 1LL << 40});
  threshold.for_ms = object.optional("for_ms").integer_or(0, k_duration_range);
  return threshold;
}

std::optional<DeadLetterHook> read_hook(const jobkit::JsonField& field,
                                        const std::function<std::optional<std::string>(const std::string&)>& find_program) {
  if (!field.present()) return std::nullopt;
  auto object = field.as_object();
  DeadLetterHook hook;
  const auto command = object.required("command");
  for (const auto& item : command.as_array(256)) hook.command.push_back(item.as_string({.min_length = 1, .max_length = 4096}));
  if (command.present() && hook.command.empty()) command.reject("must name a program");
  if (!hook.command.empty()) {
    if (const auto program = find_program(hook.command.front())) hook.command.front() = *program;
    else command.reject(fmt::format("program \"{}\" was not found or is not executable", hook.command.front()));
  }
  hook.timeout_ms = object.optional("timeout_ms").integer_or(hook.timeout_ms, {100, 3600000});
  return hook;
}

}  // namespace

AlertsConfig read_alerts_config(const jobkit::JsonField& field,
                                const std::function<std::optional<std::string>(const std::string&)>& find_program) {
  AlertsConfig config;
  if (!field.present()) return config;
  auto object = field.as_object();
  config.webhook = read_webhook(object.optional("webhook"));
  config.max_per_minute = object.optional("max_per_minute").integer_or(config.max_per_minute, {1, 1000});
  config.dead_letter_quiet_ms = object.optional("dead_letter_quiet_ms").integer_or(config.dead_letter_quiet_ms, k_duration_range);
  config.backlog = read_threshold(object.optional("backlog"), "waiting");
  config.oldest_wait = read_threshold(object.optional("oldest_wait"), "seconds");
  config.redis_lost_for_ms = object.optional("redis_lost_for_ms").integer_or(config.redis_lost_for_ms, k_duration_range);
  config.on_dead = read_hook(object.optional("on_dead"), find_program);
  return config;
}

}  // namespace queue_runner::alerts
