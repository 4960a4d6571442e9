#include "sheets_client.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "jobkit/percent_encoding.hpp"

namespace sync_sheets {
namespace {

// Google's advice: wait 2^n seconds (n the retry), at most about a minute.
constexpr int k_max_backoff_seconds = 64;

jobkit::JobError api_error(jobkit::ExitCode exit_code, std::string code, std::string message, std::string field = {}) {
  jobkit::JobError error = jobkit::JobError::make(exit_code, std::move(message), std::move(field));
  error.code = std::move(code);
  return error;
}

// {"error": {"code": 400, "message": "...", "status": "INVALID_ARGUMENT"}}
std::string google_message(const std::string& body) {
  const nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_object() && parsed.contains("error") && parsed["error"].is_object()) {
    const auto& error = parsed["error"];
    if (error.contains("message") && error["message"].is_string()) return error["message"].get<std::string>();
  }
  return body.substr(0, 200);
}

}  // namespace

std::string range_path(const std::string& range) { return jobkit::percent_encode(range); }

SheetsClient::SheetsClient(std::string spreadsheet_id, const ServiceAccount& account, const GoogleEndpoints& endpoints,
                           jobkit::HttpClient& http, AccessTokens& tokens, WriteQuota& quota, std::int64_t attempt)
    : m_spreadsheet_id(std::move(spreadsheet_id)), m_account(account), m_endpoints(endpoints), m_http(http),
      m_tokens(tokens), m_quota(quota), m_attempt(attempt) {}

jobkit::Result<nlohmann::json> SheetsClient::call(ApiCall call) {
  jobkit::HttpRequest request;
  request.method = call.method;
  request.url = fmt::format("{}/v4/spreadsheets/{}{}{}{}", m_endpoints.sheets_url, m_spreadsheet_id, call.path,
                            call.query.empty() ? "" : "?", call.query);
  request.ca_file = m_endpoints.ca_file;
  request.timeout = k_request_timeout;
  if (!call.raw_body.empty() || !call.body.is_null()) {
    request.body = !call.raw_body.empty() ? std::move(call.raw_body) : call.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    request.headers.emplace_back("Content-Type", "application/json");
  }
  std::optional<std::string> slot;
  if (call.write) {
    auto taken = m_quota.take();
    if (!taken) return taken.error();
    slot = std::move(taken).value();
  }
  auto answer = send_authorised(request, call);
  if (slot) {
    if (auto finished = m_quota.finished(*slot); !finished && answer) return finished.error();
  }
  return answer;
}

jobkit::Result<nlohmann::json> SheetsClient::send_authorised(jobkit::HttpRequest& request, const ApiCall& call) {
  // A cached token can be revoked before it expires: one 401 earns one fresh token.
  for (int round = 0;; ++round) {
    auto token = m_tokens.token();
    if (!token) return token.error();
    request.headers.erase(std::remove_if(request.headers.begin(), request.headers.end(),
                                         [](const auto& header) { return header.first == "Authorization"; }),
                          request.headers.end());
    request.headers.emplace_back("Authorization", "Bearer " + token.value());
    ++m_traffic.requests;
    m_traffic.write_requests += call.write ? 1 : 0;
    m_traffic.bytes_sent += static_cast<std::int64_t>(request.body.size());
    m_traffic.largest_request = std::max(m_traffic.largest_request, request.body.size());
    auto response = m_http.send(request);
    if (!response) return response.error();
    if (response->status >= 200 && response->status < 300) {
      nlohmann::json body = nlohmann::json::parse(response->body, nullptr, false);
      if (body.is_discarded()) return api_error(jobkit::ExitCode::temporary, "sheets_bad_response", "the Sheets API answered with a body that is not JSON");
      return body;
    }
    if (response->status == 401 && round == 0) {
      if (auto forgotten = m_tokens.forget(); !forgotten) return forgotten.error();
      continue;
    }
    return failure(call, response.value());
  }
}

jobkit::JobError SheetsClient::failure(const ApiCall& call, const jobkit::HttpResponse& response) const {
  const std::string message = google_message(response.body);
  const long status = response.status;
  if (jobkit::classify_http_status(status) == jobkit::HttpOutcome::temporary) {
    jobkit::JobError error = api_error(jobkit::ExitCode::temporary, status == 429 ? "sheets_quota_exceeded" : "sheets_unavailable",
                                       fmt::format("the Sheets API answered {}: {}", status, message));
    std::optional<int> wait;
    if (const auto retry_after = response.header("retry-after")) {
      wait = jobkit::parse_retry_after(*retry_after, std::chrono::system_clock::now());
    }
    const int exponent = static_cast<int>(std::clamp<std::int64_t>(m_attempt, 0, 6));
    error.retry_after_seconds = wait.value_or(std::min(1 << exponent, k_max_backoff_seconds));
    return error;
  }
  if (status == 401 || status == 403) {
    return api_error(jobkit::ExitCode::forbidden, "sheets_forbidden",
                     fmt::format("the service account {} has no access to spreadsheet {} (share it with that address as an "
                                 "Editor): {}", m_account.client_email, m_spreadsheet_id, message),
                     "/spreadsheet_id");
  }
  if (status == 404) {
    return api_error(jobkit::ExitCode::invalid_data, "spreadsheet_not_found",
                     fmt::format("spreadsheet {} was not found: {}", m_spreadsheet_id, message), "/spreadsheet_id");
  }
  return api_error(jobkit::ExitCode::invalid_data, "sheets_bad_request",
                   call.range.empty() ? fmt::format("the Sheets API refused {} {}: {}", call.method, call.path.empty() ? "/" : call.path, message)
                                      : fmt::format("the Sheets API refused the range {}: {}", call.range, message),
                   call.range.empty() ? "" : "/tab");
}

}  // namespace sync_sheets
