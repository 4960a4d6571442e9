// DeliveryLog against the test Redis: two logs with the same key stand for two overlapping
// runs of one job.
#include <doctest/doctest.h>

#include "delivery_log.hpp"
#include "services.hpp"
#include "smtp_fixture.hpp"

using send_notification::ClaimState;
using send_notification::DeliveryLog;

namespace {

DeliveryLog open_run_log(const std::string& redis_url, const std::string& key) {
  const jobkit::EnvironmentLookup environment = [redis_url](std::string_view name) -> std::optional<std::string> {
    if (name == "REDIS_URL") return redis_url;
    return std::nullopt;
  };
  auto log = DeliveryLog::open(environment, key, send_notification::Channel::email, 60);
  REQUIRE(log);
  REQUIRE(log.value().has_value());
  return std::move(*log.value());
}

}  // namespace

TEST_CASE("a recipient claimed by one run is neither sent nor skipped by another until released or recorded") {
  const auto redis_url = jobkit::testing::required_service_variable("REDIS_URL");
  const auto key = "claims-" + send_notification_test::unique_token();
  auto first = open_run_log(redis_url, key);
  auto second = open_run_log(redis_url, key);
  const std::string ann = "ann@example.com";

  CHECK(first.claim(ann).value().state == ClaimState::claimed);
  const auto taken = second.claim(ann).value();
  CHECK(taken.state == ClaimState::claimed_elsewhere);
  CHECK(taken.seconds_left > 0);
  CHECK(taken.seconds_left <= send_notification::k_claim_seconds);

  // Releasing someone else's claim leaves it alone; releasing one's own frees it.
  REQUIRE(second.release(ann));
  CHECK(second.claim(ann).value().state == ClaimState::claimed_elsewhere);
  REQUIRE(first.release(ann));
  CHECK(second.claim(ann).value().state == ClaimState::claimed);
  CHECK(first.claim(ann).value().state == ClaimState::claimed_elsewhere);

  // Recorded: everyone skips it, and a release can no longer undo the record.
  REQUIRE(second.record_delivery(ann));
  REQUIRE(second.release(ann));
  CHECK(first.claim(ann).value().state == ClaimState::delivered);
  CHECK(second.claim(ann).value().state == ClaimState::delivered);
}

TEST_CASE("a delivery recorded before claims existed still reads as delivered") {
  const auto redis_url = jobkit::testing::required_service_variable("REDIS_URL");
  const auto key = "old-record-" + send_notification_test::unique_token();
  auto connection = jobkit::RedisConnection::from_environment(
      [redis_url](std::string_view name) -> std::optional<std::string> {
        if (name == "REDIS_URL") return redis_url;
        return std::nullopt;
      });
  REQUIRE(connection);
  REQUIRE(connection->command({"SET", "jobkit:notification:sent:" + key + ":email:bob@example.com", "1", "EX", "60"}));
  auto log = open_run_log(redis_url, key);
  CHECK(log.claim("bob@example.com").value().state == ClaimState::delivered);
}
