// The configuration's "metrics" and "alerts" sections: defaults, and each mistake reported
// with its JSON Pointer as a configuration error (78).
#include <doctest/doctest.h>

#include "config.hpp"
#include "jobkit/exit_code.hpp"

namespace {

jobkit::EnvironmentLookup monitoring_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    if (name == "PATH") return "/usr/bin:/bin";
    return std::nullopt;
  };
}

jobkit::Result<queue_runner::RunnerConfig> parse_with(const std::string& sections) {
  return queue_runner::parse_runner_config(R"({"queues": {"mail": {"command": ["true"]}})" + sections + "}",
                                           monitoring_environment());
}

void check_rejected(const std::string& sections, const std::string& pointer) {
  const auto config = parse_with(sections);
  REQUIRE_FALSE(config.ok());
  CHECK(config.error().exit_code == jobkit::ExitCode::config);
  CHECK_MESSAGE(config.error().message.find(pointer) != std::string::npos, config.error().message);
}

}  // namespace

TEST_CASE("without the sections nothing listens and no alert is sent") {
  const auto config = parse_with("");
  REQUIRE_MESSAGE(config.ok(), config.error().message);
  CHECK_FALSE(config->metrics.enabled);
  CHECK_FALSE(config->alerts.enabled());
}

TEST_CASE("the metrics and alerts sections are read with their defaults") {
  const auto config = parse_with(R"(, "metrics": {"listen": "127.0.0.1:9464", "queues": ["node-only"]},
    "alerts": {"webhook": {"url": "https://hooks.example/T0/B0/x"}, "backlog": {"waiting": 50, "for_ms": 1000},
               "on_dead": {"command": ["true", "--page"]}})");
  REQUIRE_MESSAGE(config.ok(), config.error().message);
  CHECK(config->metrics.enabled);
  CHECK(config->metrics.host == "127.0.0.1");
  CHECK(config->metrics.port == 9464);
  CHECK(config->metrics.collect_interval_ms == 5000);
  CHECK(config->metrics.extra_queues == std::vector<std::string>{"node-only"});
  REQUIRE(config->alerts.webhook);
  CHECK(config->alerts.webhook->format == queue_runner::alerts::WebhookFormat::slack);
  CHECK(config->alerts.max_per_minute == 10);
  REQUIRE(config->alerts.backlog);
  CHECK(config->alerts.backlog->limit == 50);
  REQUIRE(config->alerts.on_dead);
  CHECK(config->alerts.on_dead->command == std::vector<std::string>{"/usr/bin/true", "--page"});
  CHECK(config->alerts.enabled());
}

TEST_CASE("an IPv6 listen address is written in brackets") {
  const auto config = parse_with(R"(, "metrics": {"listen": "[::1]:0"})");
  REQUIRE_MESSAGE(config.ok(), config.error().message);
  CHECK(config->metrics.host == "::1");
  CHECK(config->metrics.port == 0);
}

TEST_CASE("mistakes in the sections name their field") {
  check_rejected(R"(, "metrics": {"listen": "9464"})", "/metrics/listen");
  check_rejected(R"(, "metrics": {"listen": "127.0.0.1:70000"})", "/metrics/listen");
  check_rejected(R"(, "metrics": {"listen": "127.0.0.1:1", "queues": ["a:b"]})", "/metrics/queues/0");
  check_rejected(R"(, "metrics": {"listen": "127.0.0.1:1", "colour": 1})", "/metrics/colour");
  check_rejected(R"(, "alerts": {"webhook": {"url": "ftp://x"}})", "/alerts/webhook/url");
  check_rejected(R"(, "alerts": {"webhook": {"url": "http://x", "format": "xml"}})", "/alerts/webhook/format");
  check_rejected(R"(, "alerts": {"backlog": {"for_ms": 10}})", "/alerts/backlog/waiting");
  check_rejected(R"(, "alerts": {"on_dead": {"command": ["no-such-program-here"]}})", "/alerts/on_dead/command");
  check_rejected(R"(, "alerts": {"max_per_minute": 0})", "/alerts/max_per_minute");
}
