#include "google_endpoints.hpp"

namespace sync_sheets {
namespace {

std::string setting_or(const jobkit::EnvironmentLookup& environment, const char* name, std::string fallback) {
  const auto value = environment(name);
  return value && !value->empty() ? *value : fallback;
}

}  // namespace

GoogleEndpoints google_endpoints(const jobkit::EnvironmentLookup& environment, const std::string& key_token_uri) {
  GoogleEndpoints endpoints;
  endpoints.token_url = setting_or(environment, "GOOGLE_OAUTH_TOKEN_URL", key_token_uri);
  endpoints.sheets_url = setting_or(environment, "GOOGLE_SHEETS_API_URL", "https://sheets.googleapis.com");
  while (!endpoints.sheets_url.empty() && endpoints.sheets_url.back() == '/') endpoints.sheets_url.pop_back();
  endpoints.ca_file = setting_or(environment, "GOOGLE_CA_FILE", "");
  return endpoints;
}

}  // namespace sync_sheets
