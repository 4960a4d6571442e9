// Where the Google APIs are: production by default; GOOGLE_OAUTH_TOKEN_URL,
// GOOGLE_SHEETS_API_URL and GOOGLE_CA_FILE point the tool at another server (a proxy, a
// local fake over HTTPS with its own CA).
#pragma once

#include <chrono>
#include <string>

#include "jobkit/job_environment.hpp"

namespace sync_sheets {

inline constexpr const char* k_sheets_scope = "https://www.googleapis.com/auth/spreadsheets";
// Google's own limit on processing one request: a request is never waited for longer.
inline constexpr std::chrono::seconds k_request_timeout{180};

struct GoogleEndpoints {
  std::string token_url;   // where the JWT is exchanged; the key file's token_uri by default
  std::string sheets_url;  // https://sheets.googleapis.com, without a trailing '/'
  std::string ca_file;     // empty: the system's CAs
};

GoogleEndpoints google_endpoints(const jobkit::EnvironmentLookup& environment, const std::string& key_token_uri);

}  // namespace sync_sheets
