// The Sheets API v4 calls of one spreadsheet, each authorised with the service account's
// token, each write paced by the shared quota, and every failure turned into the job
// contract's exit codes: 429 and 5xx temporary (75) with retry_after_seconds, 400 invalid
// data (65) with Google's message and the range, 401/403 forbidden (77) naming the account
// that lacks access, 404 invalid data (65).
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "access_token.hpp"
#include "write_quota.hpp"

namespace sync_sheets {

struct ApiCall {
  std::string method;          // GET, PUT, POST
  std::string path;            // after /v4/spreadsheets/{id}: "", ":batchUpdate", "/values/..."
  std::string query;           // without '?': "valueInputOption=RAW"
  nlohmann::json body;         // null: no body
  std::string raw_body;        // a body already serialized (rows); used instead of body when set
  bool write = false;          // counted against the write quota
  std::string range;           // named in a 400's message
};

struct ApiTraffic {
  std::int64_t requests = 0;
  std::int64_t write_requests = 0;
  std::int64_t bytes_sent = 0;
  std::size_t largest_request = 0;
};

class SheetsClient {
 public:
  // attempt: the job's attempt (1-based), for the backoff when Google gives no Retry-After.
  SheetsClient(std::string spreadsheet_id, const ServiceAccount& account, const GoogleEndpoints& endpoints,
               jobkit::HttpClient& http, AccessTokens& tokens, WriteQuota& quota, std::int64_t attempt);

  // By value: a body is moved into the request, never copied.
  jobkit::Result<nlohmann::json> call(ApiCall call);
  const ApiTraffic& traffic() const { return m_traffic; }

 private:
  // Sends with the account's token (a fresh one once, after a 401) and reads the answer.
  jobkit::Result<nlohmann::json> send_authorised(jobkit::HttpRequest& request, const ApiCall& call);
  jobkit::JobError failure(const ApiCall& call, const jobkit::HttpResponse& response) const;

  std::string m_spreadsheet_id;
  const ServiceAccount& m_account;
  const GoogleEndpoints& m_endpoints;
  jobkit::HttpClient& m_http;
  AccessTokens& m_tokens;
  WriteQuota& m_quota;
  std::int64_t m_attempt;
  ApiTraffic m_traffic;
};

// The encoded path segment of a range ('Top Rated'!A1:C → %27Top%20Rated%27%21A1%3AC).
std::string range_path(const std::string& range);

}  // namespace sync_sheets
