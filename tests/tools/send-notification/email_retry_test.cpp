// send-notification's never-twice promise where runs overlap or a recipient is greylisted:
// real aiosmtpd servers (one slow, one greylisting) and the test Redis.
#include <doctest/doctest.h>

#include <optional>
#include <thread>

#include "services.hpp"
#include "smtp_fixture.hpp"

using nlohmann::json;
using namespace send_notification_test;
using jobkit::testing::ChildProcess;
using jobkit::testing::ProcessResult;
using jobkit::testing::required_service_variable;
using jobkit::testing::TempDir;

namespace {

void wait_until_exists(const std::filesystem::path& path) {
  for (int tries = 0; tries < 1500 && !std::filesystem::exists(path); ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE_MESSAGE(std::filesystem::exists(path), "the slow SMTP server never held a message");
}

// Whether a run reported the recipient as sent; a run that did not must have left it to a
// retry (75) or skipped it as delivered by the other run (0).
bool reported_sent(const ProcessResult& run) {
  const auto output = json::parse(run.out, nullptr, false);
  if (run.exit_code == 0) {
    CHECK(output["sent"].size() + output["skipped"].size() == 1);
    return output["sent"].size() == 1;
  }
  CHECK_MESSAGE(run.exit_code == 75, (run.out + run.err));
  return false;
}

}  // namespace

TEST_CASE("two overlapping runs of one job deliver exactly one message in each of 50 rounds") {
  const auto redis_url = required_service_variable("REDIS_URL");
  TempDir flags;
  const auto slow_flag = flags.path() / "slow";
  const auto held = flags.path() / "slow.held";
  TestSmtpServer server({.slow_flag = slow_flag});
  const std::vector<std::string> environment = {"SMTP_URL=" + server.url(), "REDIS_URL=" + redis_url};
  const auto token = unique_token();
  for (int round = 0; round < 50; ++round) {
    CAPTURE(round);
    const auto address = "race-" + std::to_string(round) + "-" + token + "@example.com";
    auto job = pdf_ready_job(address);
    job["idempotency_key"] = "race-" + token + "-" + std::to_string(round);
    write_file(slow_flag, "");
    std::filesystem::remove(held);
    ProcessResult first_run;
    ProcessResult second_run;
    if (round % 2 == 0) {
      // A stalled job's re-run: the second run starts while the first is inside its slow
      // SMTP transaction, and the first is answered only after the second has ended.
      ChildProcess first(tool_process(job, environment));
      wait_until_exists(held);
      second_run = jobkit::testing::run_process(tool_process(job, environment));
      std::filesystem::remove(slow_flag);
      first_run = first.wait();
    } else {
      // Both at once: whichever claims first sends, however the two interleave.
      ChildProcess first(tool_process(job, environment));
      ChildProcess second(tool_process(job, environment));
      wait_until_exists(held);
      std::filesystem::remove(slow_flag);
      first_run = first.wait();
      second_run = second.wait();
    }
    CHECK(count_messages_to(server.maildir(), address) == 1);
    CHECK_MESSAGE(reported_sent(first_run) + reported_sent(second_run) == 1,
                  (first_run.out + first_run.err + second_run.out + second_run.err));
  }
}

TEST_CASE("a greylisted recipient does not hold back the others and the retry sends only that one") {
  const auto redis_url = required_service_variable("REDIS_URL");
  TestSmtpServer server({.greylist_prefix = "grey"});
  const auto token = unique_token();
  const std::vector<std::string> addresses = {"first-" + token + "@example.com", "grey-" + token + "@example.com",
                                              "last-" + token + "@example.com"};
  auto job = pdf_ready_job(addresses[0]);
  for (std::size_t i = 1; i < addresses.size(); ++i) {
    job["recipients"].push_back({{"email", addresses[i]}, {"data", job["recipients"][0]["data"]}});
  }
  job["idempotency_key"] = "greylist-" + token;
  const std::vector<std::string> environment = {"SMTP_URL=" + server.url(), "REDIS_URL=" + redis_url};

  auto result = run_tool(job, environment);
  REQUIRE_MESSAGE(result.exit_code == 75, (result.out + result.err));
  const auto error = json::parse(result.out)["error"];
  CHECK(error["field"] == "/recipients/1");
  CHECK(error["message"].get<std::string>().find("1 of 3 recipients left to retry (2 sent") != std::string::npos);
  CHECK(count_messages_to(server.maildir(), addresses[0]) == 1);
  CHECK(count_messages_to(server.maildir(), addresses[1]) == 0);
  CHECK(count_messages_to(server.maildir(), addresses[2]) == 1);

  result = run_tool(job, environment);
  REQUIRE_MESSAGE(result.exit_code == 0, (result.out + result.err));
  const auto output = json::parse(result.out);
  REQUIRE(output["sent"].size() == 1);
  CHECK(output["sent"][0]["recipient"] == addresses[1]);
  CHECK(output["skipped"].size() == 2);
  for (const auto& address : addresses) CHECK(count_messages_to(server.maildir(), address) == 1);
}

TEST_CASE("greylisted recipients are reported together in the error details") {
  TestSmtpServer server({.greylist_prefix = "grey"});
  auto job = pdf_ready_job("grey-a@example.com");
  for (const char* address : {"ok@example.com", "grey-b@example.com"}) {
    job["recipients"].push_back({{"email", address}, {"data", job["recipients"][0]["data"]}});
  }
  const auto result = run_tool(job, {"SMTP_URL=" + server.url()}, {"REDIS_URL"});
  REQUIRE_MESSAGE(result.exit_code == 75, (result.out + result.err));
  const auto error = json::parse(result.out)["error"];
  CHECK(error["field"] == "/recipients/0");
  REQUIRE(error["details"].size() == 2);
  CHECK(error["details"][0]["field"] == "/recipients/0");
  CHECK(error["details"][1]["field"] == "/recipients/2");
  CHECK(error["details"][1]["message"].get<std::string>().find("grey-b@example.com") != std::string::npos);
  CHECK(count_messages_to(server.maildir(), "ok@example.com") == 1);
}
