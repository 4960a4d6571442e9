// Against a local HTTP server that records each request.
#include <doctest/doctest.h>

#include <chrono>

#include "http_test_server.hpp"
#include "jobkit/http_client.hpp"

using jobkit::ExitCode;
using jobkit::HttpClient;
using jobkit::HttpOutcome;
using jobkit::HttpRequest;
using jobkit::testing::CannedResponse;
using jobkit::testing::HttpTestServer;
using jobkit::testing::RecordedRequest;
using namespace std::chrono_literals;

TEST_CASE("HttpClient::send: method - headers and body reach the server") {
  HttpTestServer server([](const RecordedRequest&) {
    return CannedResponse{201, {{"X-Request-Id", "r-1"}}, R"({"sid":"SM1"})"};
  });
  HttpClient client;
  const auto response = client.send({.method = "POST",
                                     .url = server.url("/2010-04-01/Messages.json"),
                                     .headers = {{"Content-Type", "application/x-www-form-urlencoded"}},
                                     .body = "To=%2B15550100&Body=hi"});
  REQUIRE_MESSAGE(response.ok(), response.error().message);
  CHECK(response->status == 201);
  CHECK(response->header("x-request-id") == "r-1");
  CHECK(response->body == R"({"sid":"SM1"})");
  const auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].method == "POST");
  CHECK(requests[0].target == "/2010-04-01/Messages.json");
  CHECK(requests[0].headers.at("content-type") == "application/x-www-form-urlencoded");
  CHECK(requests[0].body == "To=%2B15550100&Body=hi");
}

TEST_CASE("HttpClient: a large body goes at once without asking Expect 100-continue") {
  // libcurl otherwise asks before a body over 1 MB and waits a second for a server that
  // ignores the question, as many do.
  HttpTestServer server([](const RecordedRequest&) { return CannedResponse{200, {}, "{}"}; });
  HttpClient client;
  const std::string body(3 * 1024 * 1024, 'x');
  const auto response = client.send({.method = "PUT", .url = server.url("/big"), .body = body});
  REQUIRE_MESSAGE(response.ok(), response.error().message);
  const auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].headers.count("expect") == 0);
  CHECK(requests[0].body.size() == body.size());
}

TEST_CASE("HttpClient: 429 is temporary and reports Retry-After") {
  HttpTestServer server([](const RecordedRequest&) { return CannedResponse{429, {{"Retry-After", "7"}}, "slow down"}; });
  HttpClient client;
  const auto response = client.send_expecting_success({.url = server.url()});
  REQUIRE_FALSE(response.ok());
  CHECK(response.error().exit_code == ExitCode::temporary);
  CHECK(response.error().code == "http_429");
  CHECK(response.error().retry_after_seconds == 7);
  CHECK(response.error().message.find("slow down") != std::string::npos);
}

TEST_CASE("HttpClient: 5xx is temporary - other 4xx permanent - 401 forbidden") {
  int status = 0;
  HttpTestServer server([&](const RecordedRequest&) { return CannedResponse{status, {}, "x"}; });
  HttpClient client;
  const std::pair<int, ExitCode> table[] = {{500, ExitCode::temporary}, {503, ExitCode::temporary},
                                            {404, ExitCode::invalid_data}, {400, ExitCode::invalid_data},
                                            {401, ExitCode::forbidden}, {410, ExitCode::invalid_data}};
  for (const auto& [code, expected] : table) {
    status = code;
    CAPTURE(code);
    const auto response = client.send_expecting_success({.url = server.url()});
    REQUIRE_FALSE(response.ok());
    CHECK(response.error().exit_code == expected);
  }
}

TEST_CASE("HttpClient: connection refused and timeouts are temporary") {
  HttpClient client;
  int unused_port = 0;
  {
    HttpTestServer closed([](const RecordedRequest&) { return CannedResponse{}; });
    unused_port = closed.port();
  }
  auto response = client.send({.url = "http://127.0.0.1:" + std::to_string(unused_port) + "/"});
  REQUIRE_FALSE(response.ok());
  CHECK(response.error().exit_code == ExitCode::temporary);
  CHECK(response.error().code == "http_unreachable");

  HttpTestServer slow([](const RecordedRequest&) { return CannedResponse{200, {}, "late", 2000}; });
  response = client.send({.url = slow.url(), .timeout = 300ms});
  REQUIRE_FALSE(response.ok());
  CHECK(response.error().exit_code == ExitCode::temporary);
  CHECK(response.error().code == "http_timeout");
}

TEST_CASE("HttpClient: header injection is refused before sending") {
  HttpTestServer server([](const RecordedRequest&) { return CannedResponse{}; });
  HttpClient client;
  const auto response =
      client.send({.url = server.url(), .headers = {{"X-Name", "a\r\nX-Injected: yes"}}});
  REQUIRE_FALSE(response.ok());
  CHECK(response.error().exit_code == ExitCode::invalid_data);
  CHECK(server.requests().empty());
}

TEST_CASE("HttpClient: a response over the cap is refused - not buffered") {
  HttpTestServer server([](const RecordedRequest&) { return CannedResponse{200, {}, std::string(100000, 'x')}; });
  HttpClient client;
  const auto response = client.send({.url = server.url(), .max_response_bytes = 1000});
  REQUIRE_FALSE(response.ok());
  CHECK(response.error().code == "http_response_too_large");
}

TEST_CASE("HttpClient: passwords in URLs stay out of error messages") {
  HttpTestServer server([](const RecordedRequest&) { return CannedResponse{500, {}, "boom"}; });
  HttpClient client;
  std::string url = server.url("/x");
  url.insert(7, "user:s3cret@");
  const auto response = client.send_expecting_success({.url = url});
  REQUIRE_FALSE(response.ok());
  CHECK(response.error().message.find("s3cret") == std::string::npos);
  CHECK(server.requests().at(0).headers.at("authorization").starts_with("Basic "));
}

TEST_CASE("classify_http_status and parse_retry_after") {
  CHECK(jobkit::classify_http_status(204) == HttpOutcome::success);
  CHECK(jobkit::classify_http_status(408) == HttpOutcome::temporary);
  CHECK(jobkit::classify_http_status(422) == HttpOutcome::permanent);
  const auto now = std::chrono::system_clock::from_time_t(1445412480);  // Wed, 21 Oct 2015 07:28:00 GMT
  CHECK(jobkit::parse_retry_after("120", now) == 120);
  CHECK(jobkit::parse_retry_after("Wed, 21 Oct 2015 07:29:00 GMT", now) == 60);
  CHECK(jobkit::parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now) == 0);
  CHECK_FALSE(jobkit::parse_retry_after("soon", now));
}
