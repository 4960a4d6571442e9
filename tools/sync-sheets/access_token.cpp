#include "access_token.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "jobkit/base64.hpp"
#include "jobkit/digest.hpp"
#include "jobkit/percent_encoding.hpp"

namespace sync_sheets {
namespace {

// Clocks drift; Google refuses an iat in its future ("invalid_grant"), so claim a little past.
constexpr std::int64_t k_clock_skew_seconds = 30;
// A cached token is dropped this long before it expires, so no job starts with a token that
// dies during its requests.
constexpr std::int64_t k_token_margin_seconds = 300;

std::int64_t epoch_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

jobkit::JobError token_error(jobkit::ExitCode exit_code, std::string code, std::string message) {
  jobkit::JobError error = jobkit::JobError::make(exit_code, std::move(message));
  error.code = std::move(code);
  return error;
}

}  // namespace

std::string make_assertion(const ServiceAccount& account, const std::string& scope, std::int64_t now_epoch) {
  nlohmann::json header = {{"alg", "RS256"}, {"typ", "JWT"}};
  if (!account.private_key_id.empty()) header["kid"] = account.private_key_id;
  const std::int64_t issued = now_epoch - k_clock_skew_seconds;
  const nlohmann::json claims = {{"iss", account.client_email}, {"scope", scope}, {"aud", account.token_uri},
                                 {"iat", issued}, {"exp", issued + 3600}};
  const std::string signing_input = jobkit::encode_base64url(header.dump()) + "." + jobkit::encode_base64url(claims.dump());
  return signing_input + "." + jobkit::encode_base64url(account.private_key.sign_rs256(signing_input));
}

AccessTokens::AccessTokens(const ServiceAccount& account, const GoogleEndpoints& endpoints, jobkit::HttpClient& http,
                           jobkit::RedisConnection& redis)
    : m_account(account), m_endpoints(endpoints), m_http(http), m_redis(redis) {}

std::string AccessTokens::cache_key() const {
  return "sync-sheets:token:" + jobkit::sha256_hex(m_account.client_email + "\n" + k_sheets_scope + "\n" + m_endpoints.token_url);
}

jobkit::Result<std::string> AccessTokens::token() {
  const std::string key = cache_key();
  auto cached = m_redis.command({"GET", key});
  if (!cached) return cached.error();
  if (cached->value().is_string()) return std::string(cached->value().text());
  return exchange();
}

jobkit::Status AccessTokens::forget() {
  auto removed = m_redis.command({"DEL", cache_key()});
  if (!removed) return removed.error();
  return jobkit::Done{};
}

jobkit::Result<std::string> AccessTokens::exchange() {
  jobkit::HttpRequest request;
  request.method = "POST";
  request.url = m_endpoints.token_url;
  request.ca_file = m_endpoints.ca_file;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  request.body = "grant_type=" + jobkit::percent_encode("urn:ietf:params:oauth:grant-type:jwt-bearer") +
                 "&assertion=" + make_assertion(m_account, k_sheets_scope, epoch_now());
  auto response = m_http.send(request);
  if (!response) return response.error();
  const nlohmann::json body = nlohmann::json::parse(response->body, nullptr, false);
  if (response->status == 200 && body.is_object() && body.contains("access_token") && body["access_token"].is_string()) {
    const std::string token = body["access_token"].get<std::string>();
    const std::int64_t lifetime = body.value("expires_in", std::int64_t{3600});
    const std::int64_t cache_seconds = lifetime - k_token_margin_seconds;
    if (cache_seconds > 0) {
      auto stored = m_redis.command({"SET", cache_key(), token, "EX", std::to_string(cache_seconds)});
      if (!stored) return stored.error();
    }
    return token;
  }
  // Google answers {"error": "invalid_grant", "error_description": "..."}; neither holds a secret.
  std::string reason = body.is_object() ? body.value("error", std::string()) : std::string();
  if (body.is_object() && body.contains("error_description") && body["error_description"].is_string()) {
    reason += ": " + body["error_description"].get<std::string>();
  }
  if (reason.empty()) reason = fmt::format("HTTP {}", response->status);
  if (jobkit::classify_http_status(response->status) == jobkit::HttpOutcome::temporary) {
    jobkit::JobError error = token_error(jobkit::ExitCode::temporary, "token_unavailable",
                                         fmt::format("the token endpoint answered {}: {}", response->status, reason));
    if (const auto retry_after = response->header("retry-after")) {
      error.retry_after_seconds = jobkit::parse_retry_after(*retry_after, std::chrono::system_clock::now()).value_or(-1);
    }
    return error;
  }
  return token_error(jobkit::ExitCode::forbidden, "token_refused",
                     fmt::format("the token endpoint refused service account {}: {}", m_account.client_email, reason));
}

}  // namespace sync_sheets
