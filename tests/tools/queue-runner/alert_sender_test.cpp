// The webhook sender against a local HTTP server: the rate limit holds however many alerts
// come, and a receiver that never answers does not hold up the callers.
#include <doctest/doctest.h>

#include <thread>

#include <nlohmann/json.hpp>

#include "alerts/alert_sender.hpp"
#include "alerts/webhook_body.hpp"
#include "http_test_server.hpp"
#include "metrics/runner_metrics.hpp"

namespace {

using queue_runner::alerts::Alert;
using queue_runner::alerts::AlertSender;
using queue_runner::alerts::WebhookConfig;
using queue_runner::alerts::WebhookFormat;
using queue_runner::metrics::runner_metrics;

// The sent and not-sent counters of /metrics, which every alert ends in.
std::int64_t settled_alerts() {
  const std::string text = runner_metrics().exposition();
  std::int64_t total = 0;
  for (const char* name : {"\nqueue_runner_alerts_sent_total ", "\nqueue_runner_alerts_not_sent_total "}) {
    const auto at = text.find(name);
    REQUIRE(at != std::string::npos);
    total += std::stoll(text.substr(at + std::string(name).size()));
  }
  return total;
}

void wait_until_settled(std::int64_t expected) {
  for (int i = 0; i < 600 && settled_alerts() < expected; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE(settled_alerts() == expected);
}

Alert dead_letter_alert(int n) {
  return Alert{"dead_letters", "mail-" + std::to_string(n), false, "queue mail: job failed for good", 1};
}

}  // namespace

TEST_CASE("the slack body is a text message and the json body names every field") {
  const Alert alert{"backlog", "mail", true, "queue mail: backlog cleared", 3};
  const auto slack = nlohmann::json::parse(queue_runner::alerts::webhook_body(WebhookFormat::slack, alert, "host-1", 2));
  CHECK(slack.size() == 1);
  CHECK(slack["text"].get<std::string>().find("RESOLVED") != std::string::npos);
  CHECK(slack["text"].get<std::string>().find("2 more alert") != std::string::npos);
  const auto json = nlohmann::json::parse(queue_runner::alerts::webhook_body(WebhookFormat::json, alert, "host-1", 0));
  CHECK(json["status"] == "resolved");
  CHECK(json["alert"] == "backlog");
  CHECK(json["queue"] == "mail");
  CHECK(json["runner"] == "host-1");
  CHECK(json["value"] == 3);
}

TEST_CASE("500 alerts in a minute send no more than the rate limit") {
  jobkit::testing::HttpTestServer server([](const auto&) { return jobkit::testing::CannedResponse{200, {}, "ok"}; });
  const std::int64_t before = settled_alerts();
  {
    AlertSender sender(WebhookConfig{server.url("/hook"), WebhookFormat::slack, 5000}, 5, "test-runner");
    for (int i = 0; i < 500; ++i) sender.send(dead_letter_alert(i));
    wait_until_settled(before + 500);
  }
  const auto requests = server.requests();
  CHECK(requests.size() == 5);
  for (const auto& request : requests) {
    CHECK(request.method == "POST");
    CHECK(request.target == "/hook");
    CHECK(nlohmann::json::parse(request.body).contains("text"));
  }
}

TEST_CASE("a webhook that never answers does not block the callers") {
  jobkit::testing::SilentServer silent;
  const std::int64_t before = settled_alerts();
  AlertSender sender(WebhookConfig{"http://127.0.0.1:" + std::to_string(silent.port()) + "/hook", WebhookFormat::json, 1000},
                     100, "test-runner");
  // Each send returns at once although the first request hangs: were it to wait, this loop
  // would take 200 timeouts.
  for (int i = 0; i < 200; ++i) sender.send(dead_letter_alert(i));
  // Beyond the queue's bound the rest were dropped, not waited for.
  CHECK(settled_alerts() - before >= 99);
}
