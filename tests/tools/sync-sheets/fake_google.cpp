#include "fake_google.hpp"

#include <algorithm>
#include <chrono>

#include "fake_google_replies.hpp"
#include "jobkit/base64.hpp"
#include "jobkit/random.hpp"
#include "jobkit/redis_url.hpp"
#include "jobkit/rsa_key.hpp"

namespace sync_sheets_testing {
namespace {

using jobkit::testing::CannedResponse;
using jobkit::testing::RecordedRequest;
using nlohmann::json;

constexpr const char* k_scope = "https://www.googleapis.com/auth/spreadsheets";

std::int64_t epoch_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

CannedResponse oauth_error(const std::string& error, const std::string& description) {
  return {400, {{"Content-Type", "application/json"}}, json{{"error", error}, {"error_description", description}}.dump()};
}

std::optional<json> decode_json_part(const std::string& part) {
  const auto bytes = jobkit::decode_base64(part);
  if (!bytes) return std::nullopt;
  json value = json::parse(*bytes, nullptr, false);
  if (!value.is_object()) return std::nullopt;
  return value;
}

}  // namespace

FakeGoogle::FakeGoogle(FakeLimits limits) : m_limits(limits) {
  const GoogleCredentials& credentials = google_credentials();
  m_server = std::make_unique<jobkit::testing::HttpTestServer>(
      [this](const RecordedRequest& request) { return handle(request); },
      jobkit::testing::TlsFiles{credentials.server_certificate.string(), credentials.server_key.string()});
}

std::string FakeGoogle::url() const { return m_server->url(""); }

std::vector<std::string> FakeGoogle::environment() const {
  const GoogleCredentials& credentials = google_credentials();
  return {"GOOGLE_APPLICATION_CREDENTIALS=" + credentials.key_file.string(), "GOOGLE_OAUTH_TOKEN_URL=" + token_url(),
          "GOOGLE_SHEETS_API_URL=" + url(), "GOOGLE_CA_FILE=" + credentials.ca_certificate.string()};
}

void FakeGoogle::add_spreadsheet(const std::string& id, bool shared) {
  std::lock_guard lock(m_mutex);
  Spreadsheet& book = m_books[id];
  book.shared = shared;
  book.tabs = {FakeTab{.id = 0, .title = "Sheet1"}};
}

void FakeGoogle::add_tab(const std::string& spreadsheet, const std::string& title, Cells cells, std::int64_t columns) {
  std::lock_guard lock(m_mutex);
  Spreadsheet& book = m_books.at(spreadsheet);
  FakeTab tab{.id = book.next_id++, .title = title, .columns = columns};
  tab.rows = std::max<std::int64_t>(tab.rows, static_cast<std::int64_t>(cells.size()));
  tab.cells = std::move(cells);
  book.tabs.push_back(std::move(tab));
}

void FakeGoogle::fail_next(int status, int count, const std::string& retry_after, int after_writes) {
  std::lock_guard lock(m_mutex);
  m_fail_status = status;
  m_fail_count = count;
  m_fail_retry_after = retry_after;
  m_fail_after_writes = m_write_requests + after_writes;
}

void FakeGoogle::stall_after_writes(int count, int stall_ms) {
  std::lock_guard lock(m_mutex);
  m_stall_after = m_write_requests + count;
  m_stall_ms = stall_ms;
}

std::vector<std::string> FakeGoogle::tab_titles(const std::string& spreadsheet) const {
  std::lock_guard lock(m_mutex);
  std::vector<std::string> titles;
  for (const FakeTab& tab : m_books.at(spreadsheet).tabs) titles.push_back(tab.title);
  return titles;
}

std::optional<Cells> FakeGoogle::cells(const std::string& spreadsheet, const std::string& title) const {
  std::lock_guard lock(m_mutex);
  for (const FakeTab& tab : m_books.at(spreadsheet).tabs) {
    if (tab.title == title) return trimmed(tab.cells);
  }
  return std::nullopt;
}

nlohmann::json FakeGoogle::snapshot() const {
  std::lock_guard lock(m_mutex);
  json books = json::object();
  for (const auto& [id, book] : m_books) {
    for (const FakeTab& tab : book.tabs) books[id][tab.title] = trimmed(tab.cells);
  }
  return books;
}

int FakeGoogle::stalled() const { std::lock_guard lock(m_mutex); return m_stalled; }
int FakeGoogle::token_requests() const { std::lock_guard lock(m_mutex); return m_token_requests; }
int FakeGoogle::sheets_requests() const { std::lock_guard lock(m_mutex); return m_sheets_requests; }
int FakeGoogle::write_requests() const { std::lock_guard lock(m_mutex); return m_write_requests; }
std::size_t FakeGoogle::largest_body() const { std::lock_guard lock(m_mutex); return m_largest_body; }
std::int64_t FakeGoogle::bytes_received() const { std::lock_guard lock(m_mutex); return m_bytes_received; }
std::vector<std::int64_t> FakeGoogle::write_times_us() const { std::lock_guard lock(m_mutex); return m_write_times_us; }
std::vector<std::string> FakeGoogle::issued_tokens() const {
  std::lock_guard lock(m_mutex);
  return {m_tokens.begin(), m_tokens.end()};
}

CannedResponse FakeGoogle::handle(const RecordedRequest& request) {
  std::lock_guard lock(m_mutex);
  if (request.method == "POST" && request.target == "/token") return token(request);
  if (request.target.starts_with("/v4/spreadsheets/")) return sheets(request);
  return google_error(404, "NOT_FOUND", "The requested URL was not found on this server.");
}

// The token endpoint: a JWT bearer grant whose assertion Google checks before anything else.
CannedResponse FakeGoogle::token(const RecordedRequest& request) {
  ++m_token_requests;
  const auto form = parse_query(request.body);
  const auto grant = form.find("grant_type");
  if (grant == form.end() || grant->second != "urn:ietf:params:oauth:grant-type:jwt-bearer") {
    return oauth_error("unsupported_grant_type", "Invalid grant_type: ");
  }
  const auto assertion = form.find("assertion");
  if (assertion == form.end()) return oauth_error("invalid_request", "Missing required parameter: assertion");
  const std::string& jwt = assertion->second;
  const auto first_dot = jwt.find('.');
  const auto second_dot = jwt.find('.', first_dot + 1);
  if (first_dot == std::string::npos || second_dot == std::string::npos) return oauth_error("invalid_grant", "Invalid JWT.");
  const auto header = decode_json_part(jwt.substr(0, first_dot));
  const auto claims = decode_json_part(jwt.substr(first_dot + 1, second_dot - first_dot - 1));
  const auto signature = jobkit::decode_base64(jwt.substr(second_dot + 1));
  if (!header || !claims || !signature || header->value("alg", "") != "RS256") return oauth_error("invalid_grant", "Invalid JWT.");
  const auto public_key = jobkit::RsaKey::from_public_pem(google_credentials().public_key_pem);
  if (!public_key || !public_key->verify_rs256(jwt.substr(0, second_dot), *signature)) {
    return oauth_error("invalid_grant", "Invalid JWT Signature.");
  }
  if (claims->value("iss", "") != google_credentials().client_email) return oauth_error("invalid_grant", "Invalid email or User ID");
  // Google's token endpoint also answers at its older address, which Google's Node client
  // (gtoken) still names as the audience.
  const std::string audience = claims->value("aud", "");
  if (audience != k_token_audience && audience != "https://www.googleapis.com/oauth2/v4/token") {
    return oauth_error("invalid_grant", "Invalid JWT: audience");
  }
  const std::string scope = claims->value("scope", "");
  if (scope.find(k_scope) == std::string::npos) return oauth_error("invalid_scope", "Invalid OAuth scope or ID token audience provided.");
  const std::int64_t now = epoch_seconds();
  const std::int64_t iat = claims->value("iat", std::int64_t{0});
  const std::int64_t exp = claims->value("exp", std::int64_t{0});
  if (iat > now + 60 || exp <= now || exp - iat > 3600) {
    return oauth_error("invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable "
                                        "timeframe. Check your iat and exp values in the JWT claim.");
  }
  const std::string token = "ya29.fake-" + jobkit::random_hex(32);
  m_tokens.insert(token);
  return {200, {{"Content-Type", "application/json"}},
          json{{"access_token", token}, {"expires_in", 3599}, {"token_type", "Bearer"}}.dump()};
}

CannedResponse FakeGoogle::sheets(const RecordedRequest& request) {
  ++m_sheets_requests;
  m_largest_body = std::max(m_largest_body, request.body.size());
  m_bytes_received += static_cast<std::int64_t>(request.body.size());
  const auto authorization = request.headers.find("authorization");
  if (authorization == request.headers.end() || !authorization->second.starts_with("Bearer ") ||
      m_tokens.count(authorization->second.substr(7)) == 0) {
    return google_error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access "
                                                "token, login cookie or other valid authentication credential.");
  }
  if (m_fail_count > 0 && m_write_requests >= m_fail_after_writes) {
    --m_fail_count;
    CannedResponse failure = scripted_failure(m_fail_status);
    if (!m_fail_retry_after.empty()) failure.headers.emplace_back("Retry-After", m_fail_retry_after);
    return failure;
  }
  if (request.body.size() > m_limits.max_body_bytes) {
    return google_error(400, "INVALID_ARGUMENT",
                        "Request payload size exceeds the limit: " + std::to_string(m_limits.max_body_bytes) + " bytes.");
  }
  const auto question = request.target.find('?');
  const std::string path = request.target.substr(0, question);
  const auto query = parse_query(question == std::string::npos ? "" : request.target.substr(question + 1));
  const std::string after_prefix = path.substr(std::string("/v4/spreadsheets/").size());
  const auto id_end = after_prefix.find_first_of("/:");
  const std::string id = after_prefix.substr(0, id_end);
  const std::string rest = id_end == std::string::npos ? "" : after_prefix.substr(id_end);
  const auto book = m_books.find(id);
  if (book == m_books.end()) return google_error(404, "NOT_FOUND", "Requested entity was not found.");
  if (!book->second.shared) return google_error(403, "PERMISSION_DENIED", "The caller does not have permission");

  if (request.method != "GET") {
    const std::int64_t now_us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    m_write_times_us.push_back(now_us);
    const std::int64_t window_start = now_us - std::chrono::microseconds(m_limits.quota_window).count();
    const auto in_window = std::count_if(m_write_times_us.begin(), m_write_times_us.end(), [&](std::int64_t at) { return at > window_start; });
    if (in_window > m_limits.writes_per_window) return scripted_failure(429);
    if (m_stall_after >= 0 && m_write_requests >= m_stall_after) {
      m_stall_after = -1;
      ++m_stalled;
      CannedResponse stalled = google_error(503, "UNAVAILABLE", "The service is currently unavailable.");
      stalled.delay_ms = m_stall_ms;
      return stalled;
    }
    ++m_write_requests;
  }
  const json body = request.body.empty() ? json(nullptr) : json::parse(request.body, nullptr, false);
  if (body.is_discarded()) return google_error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
  if (rest.empty() && request.method == "GET") return spreadsheet_properties(id, book->second.tabs);
  if (rest == ":batchUpdate" && request.method == "POST") return batch_update(id, book->second, body);
  if (rest.starts_with("/values")) return values(book->second, request.method, rest, query, body);
  return google_error(404, "NOT_FOUND", "The requested URL was not found on this server.");
}

CannedResponse FakeGoogle::batch_update(const std::string& spreadsheet_id, Spreadsheet& book, const json& body) {
  // Google refuses a body member it does not know (a misspelt option would otherwise pass).
  const json members = body.is_object() ? body : json::object();
  for (const auto& [name, value] : members.items()) {
    if (name != "requests" && name != "includeSpreadsheetInResponse" && name != "responseRanges" &&
        name != "responseIncludeGridData") {
      return google_error(400, "INVALID_ARGUMENT", "Invalid JSON payload received. Unknown name \"" + name + "\": Cannot find field.");
    }
  }
  Spreadsheet changed = book;  // all requests apply, or none
  json replies = json::array();
  const json requests = body.is_object() ? body.value("requests", json::array()) : json::array();
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const json& request = requests[i];
    const std::string where = "Invalid requests[" + std::to_string(i) + "]";
    if (request.contains("addSheet")) {
      const json properties = request["addSheet"].value("properties", json::object());
      const std::string title = properties.value("title", "Sheet" + std::to_string(changed.next_id));
      if (find_tab(changed.tabs, title)) {
        return google_error(400, "INVALID_ARGUMENT", where + ".addSheet: A sheet with the name \"" + title +
                                                         "\" already exists. Please enter another name.");
      }
      const json grid = properties.value("gridProperties", json::object());
      FakeTab tab{.id = changed.next_id++, .title = title, .rows = grid.value("rowCount", std::int64_t{1000}),
                  .columns = grid.value("columnCount", std::int64_t{26})};
      if (auto over = cell_limit_error(changed.tabs, tab.rows * tab.columns)) return *over;
      changed.tabs.push_back(tab);
      replies.push_back({{"addSheet", {{"properties", tab_properties(tab, changed.tabs.size() - 1)}}}});
    } else if (request.contains("deleteSheet")) {
      const std::int64_t id = request["deleteSheet"].value("sheetId", std::int64_t{-1});
      const auto found = std::find_if(changed.tabs.begin(), changed.tabs.end(), [&](const FakeTab& t) { return t.id == id; });
      if (found == changed.tabs.end()) return google_error(400, "INVALID_ARGUMENT", where + ".deleteSheet: No grid with id: " + std::to_string(id));
      if (changed.tabs.size() == 1) return google_error(400, "INVALID_ARGUMENT", where + ".deleteSheet: You can't remove all the sheets in a document.");
      changed.tabs.erase(found);
      replies.push_back(json::object());
    } else if (request.contains("updateSheetProperties")) {
      const json properties = request["updateSheetProperties"].value("properties", json::object());
      const std::string fields = request["updateSheetProperties"].value("fields", "");
      const std::int64_t id = properties.value("sheetId", std::int64_t{-1});
      const auto found = std::find_if(changed.tabs.begin(), changed.tabs.end(), [&](const FakeTab& t) { return t.id == id; });
      if (found == changed.tabs.end() || fields.empty()) {
        return google_error(400, "INVALID_ARGUMENT", where + ".updateSheetProperties: no sheet " + std::to_string(id) + " or no fields");
      }
      if (fields.find("title") != std::string::npos) {
        const std::string title = properties.value("title", "");
        const FakeTab* same = find_tab(changed.tabs, title);
        if (same != nullptr && same->id != id) {
          return google_error(400, "INVALID_ARGUMENT", where + ".updateSheetProperties: A sheet with the name \"" + title + "\" already exists.");
        }
        found->title = title;
      }
      if (fields.find("index") != std::string::npos) {
        FakeTab moved = *found;
        changed.tabs.erase(found);
        const auto index = std::clamp<std::int64_t>(properties.value("index", std::int64_t{0}), 0, static_cast<std::int64_t>(changed.tabs.size()));
        changed.tabs.insert(changed.tabs.begin() + index, moved);
      }
      replies.push_back(json::object());
    } else {
      return google_error(400, "INVALID_ARGUMENT", where + ": unknown request kind");
    }
  }
  book = std::move(changed);
  json reply = {{"spreadsheetId", spreadsheet_id}, {"replies", replies}};
  // As Google does when asked: the spreadsheet as it is after the update (without grid data).
  if (body.value("includeSpreadsheetInResponse", false)) reply["updatedSpreadsheet"] = spreadsheet_resource(spreadsheet_id, book.tabs);
  return {200, {{"Content-Type", "application/json"}}, reply.dump()};
}

}  // namespace sync_sheets_testing
