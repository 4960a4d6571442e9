// send-notification against SMTP servers that offer no STARTTLS: what must not go out in
// clear text does not, and the mismatch is an error an operator can act on (69), not a
// temporary failure retried forever.
#include <doctest/doctest.h>

#include "smtp_fixture.hpp"

using nlohmann::json;
using namespace send_notification_test;

TEST_CASE("SMTP_STARTTLS required against a server without STARTTLS is a configuration mismatch 69") {
  TestSmtpServer server;
  const auto address = "no-tls-" + unique_token() + "@example.com";
  const auto result = run_tool(pdf_ready_job(address), {"SMTP_URL=" + server.url(), "SMTP_STARTTLS=required"},
                               {"REDIS_URL"});
  CHECK_MESSAGE(result.exit_code == 69, (result.out + result.err));
  CHECK(json::parse(result.out)["error"]["message"].get<std::string>().find("STARTTLS") != std::string::npos);
  CHECK(count_messages_to(server.maildir(), address) == 0);
}

TEST_CASE("SMTP credentials never go to a server without STARTTLS unless the operator allows a trusted relay") {
  TestSmtpServer server({.auth = "mailer:s3cret"});
  const auto address = "clear-" + unique_token() + "@example.com";
  const auto job = pdf_ready_job(address);
  const auto host = server.url().substr(std::string("smtp://").size());

  for (const std::vector<std::string>& environment :
       {std::vector<std::string>{"SMTP_URL=" + server.url(), "SMTP_USER=mailer", "SMTP_PASSWORD=s3cret"},
        std::vector<std::string>{"SMTP_URL=smtp://mailer:s3cret@" + host}}) {
    const auto result = run_tool(job, environment, {"REDIS_URL"});
    CHECK_MESSAGE(result.exit_code == 69, (result.out + result.err));
    const auto message = json::parse(result.out)["error"]["message"].get<std::string>();
    CHECK(message.find("SMTP_ALLOW_CLEARTEXT_AUTH") != std::string::npos);
    CHECK(result.out.find("s3cret") == std::string::npos);
    CHECK(result.err.find("s3cret") == std::string::npos);
  }
  CHECK(server.login_attempts().empty());
  CHECK(count_messages_to(server.maildir(), address) == 0);

  const auto result = run_tool(job,
                               {"SMTP_URL=" + server.url(), "SMTP_USER=mailer", "SMTP_PASSWORD=s3cret",
                                "SMTP_ALLOW_CLEARTEXT_AUTH=1"},
                               {"REDIS_URL"});
  REQUIRE_MESSAGE(result.exit_code == 0, (result.out + result.err));
  CHECK(server.login_attempts() == std::vector<std::string>{"mailer"});
  CHECK(count_messages_to(server.maildir(), address) == 1);
}
