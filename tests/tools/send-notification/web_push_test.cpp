// Web push: the RFC 8291 Appendix A worked example, ES256, and the channel against a local
// push service that checks VAPID and decrypts what it receives, as browsers' services do.
#include <doctest/doctest.h>

#include <fstream>
#include <mutex>

#include <nlohmann/json.hpp>

#include "http_test_server.hpp"
#include "jobkit/base64.hpp"
#include "jobkit/ec_key.hpp"
#include "process.hpp"
#include "smtp_fixture.hpp"
#include "web_push_crypto.hpp"

using namespace send_notification;
using jobkit::EcKey;

namespace {

std::string from_base64url(std::string_view text) {
  auto bytes = jobkit::decode_base64(text);
  REQUIRE(bytes);
  return *bytes;
}

std::string to_base64url(std::string_view bytes) { return jobkit::encode_base64url(bytes); }

}  // namespace

TEST_CASE("web push encryption reproduces the worked example of RFC 8291 Appendix A") {
  const auto plaintext = std::string("When I grow up, I want to be a watermelon");
  const auto as_private = from_base64url("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw");
  const auto as_public = from_base64url(
      "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8");
  const auto ua_private = from_base64url("q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94");
  const auto ua_public = from_base64url(
      "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4");
  const auto auth_secret = from_base64url("BTBZMqHH6r4Tts7J_aSIgg");
  const auto salt = from_base64url("DGv6ra1nlYgDCS1FRnbzlw");

  const auto as_key = EcKey::from_private_scalar(as_private, as_public);
  REQUIRE(as_key);
  CHECK(as_key->public_point() == as_public);
  const auto ua_key = EcKey::from_public_point(ua_public);
  REQUIRE(ua_key);
  const auto secret = as_key->derive_secret(*ua_key);
  REQUIRE(secret);
  CHECK(to_base64url(*secret) == "kyrL1jIIOHEzg3sM2ZWRHDRB62YACZhhSlknJ672kSs");
  const auto keys = derive_web_push_keys(*secret, auth_secret, ua_public, as_public, salt);
  CHECK(to_base64url(keys.content_encryption_key) == "oIhVW04MRdy2XN9CiKLxTg");
  CHECK(to_base64url(keys.nonce) == "4h_95klXJ5E_qnoN");

  const auto body = encrypt_web_push(plaintext, ua_public, auth_secret, *as_key, salt);
  REQUIRE(body);
  CHECK(to_base64url(*body) ==
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl"
        "7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN");

  const auto ua_pair = EcKey::from_private_scalar(ua_private, ua_public);
  REQUIRE(ua_pair);
  CHECK(decrypt_web_push(*body, *ua_pair, auth_secret) == plaintext);
  CHECK_FALSE(decrypt_web_push(*body, *ua_pair, std::string(16, 'x')));
}

namespace {

using jobkit::testing::CannedResponse;
using jobkit::testing::RecordedRequest;
using nlohmann::json;

// A browser's subscription: its key pair and authentication secret.
struct Browser {
  EcKey key = EcKey::generate();
  std::string auth = std::string("0123456789abcdef");
};

// The checks a push service makes (RFC 8292 VAPID, RFC 8030 headers), then decryption as
// the browser does it. Returns what is wrong, or "" with the decrypted payload in payload.
std::string check_push_request(const RecordedRequest& request, const std::string& origin, const std::string& vapid_public,
                               const Browser& browser, std::string& payload) {
  const auto authorization = request.headers.count("authorization") ? request.headers.at("authorization") : "";
  const auto t = authorization.find("vapid t=");
  const auto k = authorization.find(", k=");
  if (t != 0 || k == std::string::npos) return "no vapid authorization";
  const auto token = authorization.substr(8, k - 8);
  if (authorization.substr(k + 4) != to_base64url(vapid_public)) return "unexpected vapid key";
  const auto first_dot = token.find('.');
  const auto last_dot = token.rfind('.');
  const auto key = EcKey::from_public_point(vapid_public);
  if (!key || !key->verify_es256(token.substr(0, last_dot), from_base64url(token.substr(last_dot + 1)))) {
    return "bad JWT signature";
  }
  const auto claims = json::parse(from_base64url(token.substr(first_dot + 1, last_dot - first_dot - 1)));
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  if (claims["aud"] != origin) return "wrong aud " + claims["aud"].dump();
  if (claims["exp"].get<long long>() <= now || claims["exp"].get<long long>() > now + 24 * 3600) return "bad exp";
  if (claims["sub"] != "mailto:ops@jobkit.example") return "bad sub";
  if (request.headers.count("ttl") == 0 || request.headers.at("content-encoding") != "aes128gcm") return "headers";
  const auto plain = decrypt_web_push(request.body, browser.key, browser.auth);
  if (!plain) return "does not decrypt";
  payload = *plain;
  return "";
}

}  // namespace

TEST_CASE("web push sends VAPID-signed encrypted messages and reports gone subscriptions") {
  jobkit::testing::TempDir keys;
  const auto vapid_file = keys.path() / "vapid.pem";
  REQUIRE(jobkit::testing::run_process({.argv = {"/usr/bin/openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
                                                 "ec_paramgen_curve:P-256", "-out", vapid_file.string()}})
              .exit_code == 0);
  std::ifstream in(vapid_file);
  const std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto vapid_public = EcKey::from_pem(pem)->public_point();
  const Browser browser;
  std::mutex mutex;
  std::vector<std::string> problems;
  std::vector<std::string> payloads;
  std::string origin;
  jobkit::testing::HttpTestServer server([&](const RecordedRequest& request) -> CannedResponse {
    std::string payload;
    std::lock_guard lock(mutex);
    const auto problem = check_push_request(request, origin, vapid_public, browser, payload);
    if (!problem.empty()) {
      problems.push_back(problem);
      return {400, {}, problem};
    }
    payloads.push_back(payload);
    if (request.target == "/push/gone") return {410, {}, "expired"};
    if (request.target == "/push/busy") return {429, {{"Retry-After", "30"}}, ""};
    return {201, {{"Location", "/message/1"}}, ""};
  });
  {
    std::lock_guard lock(mutex);
    origin = server.url("");
  }
  const auto subscription = [&](const std::string& path) {
    return json{{"subscription",
                 {{"endpoint", server.url(path)},
                  {"keys", {{"p256dh", to_base64url(browser.key.public_point())}, {"auth", to_base64url(browser.auth)}}}}}};
  };
  json job = {{"channel", "push"},
              {"template", "badge-awarded"},
              {"data",
               {{"first_name", "Ann"}, {"badge_name", "Top Rated"}, {"badge_description", "x"}, {"profile_url", "https://p"}}},
              {"recipients", {subscription("/push/ok"), subscription("/push/gone")}}};
  const std::vector<std::string> environment = {"VAPID_PRIVATE_KEY_FILE=" + vapid_file.string(),
                                                "VAPID_SUBJECT=mailto:ops@jobkit.example", "WEB_PUSH_ALLOW_HTTP_LOOPBACK=1"};

  auto result = send_notification_test::run_tool(job, environment, {"REDIS_URL"});
  REQUIRE_MESSAGE(result.exit_code == 0, (result.out + result.err));
  CHECK(problems.empty());
  const auto output = json::parse(result.out);
  CHECK(output["sent"].size() == 1);
  REQUIRE(output["failed"].size() == 1);
  CHECK(output["failed"][0]["subscription_gone"] == true);
  CHECK(output["failed"][0]["provider_code"] == 410);
  REQUIRE(payloads.size() == 2);
  CHECK(json::parse(payloads[0])["title"] == "You earned the Top Rated badge");

  job["recipients"] = {subscription("/push/busy")};
  result = send_notification_test::run_tool(job, environment, {"REDIS_URL"});
  CHECK(result.exit_code == 75);
  CHECK(json::parse(result.out)["error"]["retry_after_seconds"] == 30);

  result = send_notification_test::run_tool(job, {environment[0], environment[1]}, {"REDIS_URL"});
  CHECK(result.exit_code == 65);
  CHECK(json::parse(result.out)["error"]["field"] == "/recipients/0/subscription/endpoint");
}
