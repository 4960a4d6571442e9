// Reading the job: every bad field is named with its JSON Pointer.
#include <doctest/doctest.h>

#include "job.hpp"

using nlohmann::json;
using send_notification::read_job;

namespace {

json email_job() {
  return {{"template", "pdf-ready"},
          {"from", {{"email", "no-reply@example.com"}}},
          {"recipients", {{{"email", "ann@example.com"}, {"data", {{"first_name", "Ann"}}}}}}};
}

// The field of the first problem reading job reports.
std::string bad_field(const json& job) {
  auto read = read_job(job);
  REQUIRE_FALSE(read.ok());
  CHECK(read.error().exit_code == jobkit::ExitCode::invalid_data);
  return read.error().field;
}

}  // namespace

TEST_CASE("a valid email job is read with recipient data merged over shared data") {
  auto job = email_job();
  job["data"] = {{"first_name", "shared"}, {"site", "jobkit"}};
  auto read = read_job(job);
  REQUIRE(read.ok());
  CHECK(read->recipients.at(0).data == json{{"first_name", "Ann"}, {"site", "jobkit"}});
  CHECK(read->recipients.at(0).id == "ann@example.com");
  CHECK(read->recipients.at(0).field == "/recipients/0");
}

TEST_CASE("header injection in subject name and address is refused with the field") {
  auto job = email_job();
  job["recipients"][0]["name"] = "Ann\r\nBcc: victim@example.com";
  CHECK(bad_field(job) == "/recipients/0/name");
  job = email_job();
  job["recipients"][0]["email"] = "ann@example.com>\r\nRCPT TO:<victim@example.com";
  CHECK(bad_field(job) == "/recipients/0/email");
  job = email_job();
  job["recipients"][0]["email"] = "ann@example.com> NOTIFY=SUCCESS,FAILURE";
  CHECK(bad_field(job) == "/recipients/0/email");
  job = email_job();
  job.erase("template");
  job["content"] = {{"subject", "Hi\nBcc: x@example.com"}, {"text", "t"}};
  auto read = read_job(job);
  REQUIRE(read.ok());  // the subject is a template: it is checked after rendering
  job["from"]["name"] = std::string("nul\0", 4);
  CHECK(bad_field(job) == "/from/name");
}

TEST_CASE("10000 recipients are refused without a crash") {
  auto job = email_job();
  job["recipients"] = json::array();
  for (int i = 0; i < 10000; ++i) job["recipients"].push_back({{"email", "r" + std::to_string(i) + "@example.com"}});
  auto read = read_job(job);
  REQUIRE_FALSE(read.ok());
  CHECK(read.error().field == "/recipients");
  CHECK(read.error().message.find("at most 1000") != std::string::npos);
}

TEST_CASE("job fields are checked per channel") {
  auto job = email_job();
  job["channel"] = "fax";
  CHECK(bad_field(job) == "/channel");
  job = email_job();
  job["content"] = {{"text", "x"}};
  CHECK(bad_field(job) == "/template");
  job = email_job();
  job["template"] = "../etc/passwd";
  CHECK(bad_field(job) == "/template");
  job = email_job();
  job["attachments"] = {{{"path", "a.pdf"}, {"content_type", "text/html\r\nX: y"}}};
  CHECK(bad_field(job) == "/attachments/0/content_type");
  job = email_job();
  job["list_unsubscribe"] = {{"url", "http://example.com/u"}};
  CHECK(bad_field(job) == "/list_unsubscribe/url");
  job = email_job();
  job["surprise"] = 1;
  CHECK(bad_field(job) == "/surprise");
  job = {{"channel", "sms"}, {"content", {{"text", "hi"}}}, {"recipients", {{{"phone", "0151 123"}}}}};
  CHECK(bad_field(job) == "/recipients/0/phone");
  job = {{"channel", "push"},
         {"content", {{"text", "hi"}}},
         {"recipients", {{{"subscription", {{"endpoint", "ftp://x"}, {"keys", {{"p256dh", "x"}, {"auth", "y"}}}}}}}}};
  CHECK(bad_field(job).starts_with("/recipients/0/subscription"));
}

TEST_CASE("a push endpoint with a line break - space - NUL or other control character is refused with its field") {
  // curl refuses such a URL only when sending (a temporary failure, retried forever), and a
  // NUL would cut the URL short: the job is wrong, so it is refused before anything is sent.
  const std::string p256dh(87, 'B');
  const std::string auth(22, 'A');
  for (const std::string& endpoint : {std::string("https://push.example.com/a\r\nX-Injected: y"),
                                      std::string("https://push.example.com/a b"),
                                      std::string("https://push.example.com/a\0b", 28),
                                      std::string("https://push.example.com/a\tb"),
                                      std::string("https://push.example.com/a\x7f")}) {
    CAPTURE(endpoint);
    const json job = {{"channel", "push"},
                      {"content", {{"text", "hi"}}},
                      {"recipients", {{{"subscription", {{"endpoint", endpoint}, {"keys", {{"p256dh", p256dh}, {"auth", auth}}}}}}}}};
    CHECK(bad_field(job) == "/recipients/0/subscription/endpoint");
  }
  const json good = {{"channel", "push"},
                     {"content", {{"text", "hi"}}},
                     {"recipients", {{{"subscription", {{"endpoint", "https://push.example.com/send/a-B_c%20d?x=1"},
                                                        {"keys", {{"p256dh", p256dh}, {"auth", auth}}}}}}}}};
  CHECK(read_job(good).ok());
}
