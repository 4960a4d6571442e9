// send-notification's settings are checked when a job starts, every job alike, and the
// Redis errors an operator must fix in REDIS_URL say so with the right exit code.
#include <doctest/doctest.h>

#include "services.hpp"
#include "smtp_fixture.hpp"

using nlohmann::json;
using namespace send_notification_test;
using jobkit::testing::required_service_variable;

TEST_CASE("a mistyped setting fails a job that does not use it with 64 in a dry run too") {
  const auto job = pdf_ready_job("ann@example.com");  // no attachments
  const std::vector<std::pair<std::string, std::string>> settings = {
      {"NOTIFICATION_MAX_ATTACHMENT_BYTES", "25MB"},
      {"NOTIFICATION_MAX_ATTACHMENT_BYTES", "0"},
      {"NOTIFICATION_IDEMPOTENCY_TTL_SECONDS", "7d"},
      {"SMTP_ALLOW_CLEARTEXT_AUTH", "yes please"}};
  for (const auto& [name, value] : settings) {
    CAPTURE(name);
    CAPTURE(value);
    // Without REDIS_URL the TTL is never needed, and port 9 answers nothing: only the check at
    // start can fail the job with 64.
    const std::vector<std::string> environment = {"SMTP_URL=smtp://127.0.0.1:9", name + "=" + value};
    auto result = run_tool(job, environment, {"REDIS_URL"});
    CHECK_MESSAGE(result.exit_code == 64, (result.out + result.err));
    CHECK(json::parse(result.out)["error"]["message"].get<std::string>().find(name) != std::string::npos);

    auto dry_run = tool_process(job, environment, {"REDIS_URL"});
    dry_run.argv.push_back("--dry-run");
    result = jobkit::testing::run_process(dry_run);
    CHECK_MESSAGE(result.exit_code == 64, (result.out + result.err));
  }
}

TEST_CASE("a Redis that needs a password is 69 and a database it lacks is 64 both naming REDIS_URL") {
  const auto redis_url = required_service_variable("REDIS_URL");
  const auto port = required_service_variable("JOBKIT_TEST_REDIS_PORT");
  auto job = pdf_ready_job("ann@example.com");
  job["idempotency_key"] = "redis-errors-" + unique_token();

  auto result = run_tool(job, {"SMTP_URL=smtp://127.0.0.1:9", "REDIS_URL=redis://127.0.0.1:" + port});
  CHECK_MESSAGE(result.exit_code == 69, (result.out + result.err));
  auto error = json::parse(result.out)["error"];
  CHECK(error["code"] == "redis_auth_required");
  CHECK(error["field"] == "env:REDIS_URL");

  REQUIRE(redis_url.ends_with("/0"));
  result = run_tool(job, {"SMTP_URL=smtp://127.0.0.1:9", "REDIS_URL=" + redis_url.substr(0, redis_url.size() - 1) + "999"});
  CHECK_MESSAGE(result.exit_code == 64, (result.out + result.err));
  error = json::parse(result.out)["error"];
  CHECK(error["code"] == "redis_no_such_database");
  CHECK(error["field"] == "env:REDIS_URL");
  CHECK(result.out.find("p@ss") == std::string::npos);
  CHECK(result.err.find("p@ss") == std::string::npos);
}
