// SMS against a local fake of the Twilio Messages API that checks what Twilio checks:
// Basic auth with the account SID and token, a form body with To, From and Body.
#include <doctest/doctest.h>

#include <map>

#include "http_test_server.hpp"
#include "jobkit/redis_url.hpp"
#include "jobkit/base64.hpp"
#include "sms_segments.hpp"
#include "smtp_fixture.hpp"

using nlohmann::json;
using jobkit::testing::CannedResponse;
using jobkit::testing::HttpTestServer;
using jobkit::testing::RecordedRequest;

namespace {

std::map<std::string, std::string> parse_form(const std::string& body) {
  std::map<std::string, std::string> fields;
  std::size_t start = 0;
  while (start <= body.size()) {
    auto end = body.find('&', start);
    if (end == std::string::npos) end = body.size();
    const auto pair = body.substr(start, end - start);
    const auto equals = pair.find('=');
    fields[pair.substr(0, equals)] = jobkit::percent_decode(pair.substr(equals + 1)).value_or("<bad encoding>");
    start = end + 1;
  }
  return fields;
}

// Answers as Twilio does: 401 without the right credentials, 400 code 21211 for a number it
// calls invalid, 201 with a message SID otherwise.
CannedResponse fake_twilio(const RecordedRequest& request) {
  const auto expected = "Basic " + jobkit::encode_base64("AC0123:secret-token");
  if (request.method != "POST" || request.target != "/2010-04-01/Accounts/AC0123/Messages.json") {
    return {404, {}, R"({"code":20404,"message":"not found"})"};
  }
  if (request.headers.count("authorization") == 0 || request.headers.at("authorization") != expected) {
    return {401, {}, R"({"code":20003,"message":"Authenticate","status":401})"};
  }
  auto form = parse_form(request.body);
  if (form["From"] != "+15005550006" || form["Body"].empty()) return {400, {}, R"({"code":21602,"message":"Body required"})"};
  if (form["To"] == "+15005550001") return {400, {}, R"({"code":21211,"message":"The 'To' number is not valid."})"};
  if (form["To"] == "+15005550009") return {429, {{"Retry-After", "7"}}, R"({"code":20429,"message":"Too Many Requests"})"};
  return {201, {{"Content-Type", "application/json"}}, R"({"sid":"SM)" + std::to_string(request.body.size()) + R"(","status":"queued"})"};
}

json sms_job(std::vector<std::string> phones) {
  json job = {{"channel", "sms"},
              {"content", {{"text", "Hi {{name}}, your booking is confirmed \xE2\x9C\x85"}}},
              {"data", {{"name", "Ann"}}},
              {"recipients", json::array()}};
  for (const auto& phone : phones) job["recipients"].push_back({{"phone", phone}});
  return job;
}

std::vector<std::string> sms_environment(const HttpTestServer& server, const std::string& token = "secret-token") {
  return {"SMS_API_URL=" + server.url(""), "SMS_ACCOUNT_SID=AC0123", "SMS_AUTH_TOKEN=" + token, "SMS_FROM=+15005550006"};
}

}  // namespace

TEST_CASE("SMS segments count GSM-7 and UCS-2 as carriers bill them") {
  using send_notification::count_sms_segments;
  using send_notification::SmsEncoding;
  CHECK(count_sms_segments(std::string(160, 'a')).segments == 1);
  CHECK(count_sms_segments(std::string(161, 'a')).segments == 2);
  CHECK(count_sms_segments(std::string(306, 'a')).segments == 2);
  CHECK(count_sms_segments(std::string(307, 'a')).segments == 3);
  CHECK(count_sms_segments("\xE2\x82\xAC").units == 2);  // the euro sign is an extension character
  CHECK(count_sms_segments("Gr\xC3\xBC\xC3\x9F" "e").encoding == SmsEncoding::gsm7);
  const auto emoji = count_sms_segments(std::string(69, 'a') + "\xF0\x9F\x98\x80");
  CHECK(emoji.encoding == SmsEncoding::ucs2);
  CHECK(emoji.units == 71);
  CHECK(emoji.segments == 2);
  CHECK(count_sms_segments(std::string(70, 'x') + "\xC5\x82").segments == 2);
}

TEST_CASE("SMS goes out as a form POST with basic auth and reports segments and refused numbers") {
  HttpTestServer server(fake_twilio);
  const auto result = send_notification_test::run_tool(sms_job({"+4915112345678", "+15005550001"}), sms_environment(server),
                                                       {"REDIS_URL"});
  REQUIRE_MESSAGE(result.exit_code == 0, (result.out + result.err));
  const auto output = json::parse(result.out);
  REQUIRE(output["sent"].size() == 1);
  CHECK(output["sent"][0]["recipient"] == "+4915112345678");
  CHECK(output["sent"][0]["id"].get<std::string>().starts_with("SM"));
  CHECK(output["sent"][0]["segments"] == 1);
  CHECK(output["sent"][0]["encoding"] == "UCS-2");
  REQUIRE(output["failed"].size() == 1);
  CHECK(output["failed"][0]["provider_code"] == 21211);
  const auto requests = server.requests();
  REQUIRE(requests.size() == 2);
  auto form = parse_form(requests[0].body);
  CHECK(form["Body"] == "Hi Ann, your booking is confirmed \xE2\x9C\x85");
  CHECK(form["To"] == "+4915112345678");
  CHECK(requests[0].headers.at("content-type") == "application/x-www-form-urlencoded");
}

TEST_CASE("SMS rate limiting is a temporary failure with Retry-After and bad credentials are 69") {
  HttpTestServer server(fake_twilio);
  auto result = send_notification_test::run_tool(sms_job({"+15005550009"}), sms_environment(server), {"REDIS_URL"});
  CHECK(result.exit_code == 75);
  CHECK(json::parse(result.out)["error"]["retry_after_seconds"] == 7);

  result = send_notification_test::run_tool(sms_job({"+4915112345678"}), sms_environment(server, "wrong-token"),
                                            {"REDIS_URL"});
  CHECK(result.exit_code == 69);
  CHECK(result.out.find("wrong-token") == std::string::npos);
  CHECK(result.err.find("wrong-token") == std::string::npos);
}

TEST_CASE("the SMS auth token never goes to a plain http API beyond this machine") {
  for (const std::string url : {"http://sms.invalid", "http://127.0.0.1@sms.invalid", "ftp://sms.invalid"}) {
    CAPTURE(url);
    const auto result = send_notification_test::run_tool(
        sms_job({"+4915112345678"}),
        {"SMS_API_URL=" + url, "SMS_ACCOUNT_SID=AC0123", "SMS_AUTH_TOKEN=secret-token", "SMS_FROM=+15005550006"},
        {"REDIS_URL"});
    CHECK_MESSAGE(result.exit_code == 64, (result.out + result.err));
    CHECK(json::parse(result.out)["error"]["field"] == "env:SMS_API_URL");
    CHECK(result.out.find("secret-token") == std::string::npos);
  }
}
