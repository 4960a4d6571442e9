// libcurl wrapped once: one easy handle per client, error states mapped here.
#include "jobkit/http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include <fmt/format.h>

#include "jobkit/redaction.hpp"
#include "jobkit/whole_number.hpp"

namespace jobkit {
namespace {

struct CurlSlistFree {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using HeaderList = std::unique_ptr<curl_slist, CurlSlistFree>;

struct Transfer {
  HttpResponse response;
  std::size_t max_bytes = 0;
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  if (transfer->response.body.size() + bytes > transfer->max_bytes) {
    transfer->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  transfer->response.body.append(data, bytes);
  return bytes;
}

std::string trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return std::string(text);
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::string_view line(data, size * count);
  // A new status line (after a redirect or 100 Continue) starts a new header block.
  if (line.starts_with("HTTP/")) transfer->response.headers.clear();
  const auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    transfer->response.headers.emplace_back(std::move(name), trim(line.substr(colon + 1)));
  }
  return size * count;
}

JobError http_error(ExitCode exit_code, std::string code, std::string message) {
  JobError error = JobError::make(exit_code, std::move(message));
  error.code = std::move(code);
  return error;
}

// Temporary statuses are retried; a refused credential is forbidden (77); any other
// permanent status means the request itself is wrong (65).
ExitCode exit_code_for_status(long status) {
  if (classify_http_status(status) == HttpOutcome::temporary) return ExitCode::temporary;
  if (status == 401 || status == 403) return ExitCode::forbidden;
  return ExitCode::invalid_data;
}

bool has_line_break(std::string_view text) { return text.find_first_of("\r\n") != std::string_view::npos; }

}  // namespace

struct HttpClient::Handle {
  CURL* curl = nullptr;
};

std::optional<std::string> HttpResponse::header(std::string_view lowercase_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lowercase_name) return value;
  }
  return std::nullopt;
}

HttpOutcome classify_http_status(long status) {
  if (status >= 200 && status < 300) return HttpOutcome::success;
  if (status == 408 || status == 425 || status == 429 || status >= 500) return HttpOutcome::temporary;
  return HttpOutcome::permanent;
}

std::optional<int> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now) {
  const std::string text = trim(value);
  if (const auto seconds = parse_whole_number<int>(text)) {
    return *seconds >= 0 ? seconds : std::nullopt;
  }
  const time_t date = curl_getdate(text.c_str(), nullptr);
  if (date < 0) return std::nullopt;
  const auto wait = std::chrono::system_clock::from_time_t(date) - now;
  return static_cast<int>(std::max<long long>(0, std::chrono::ceil<std::chrono::seconds>(wait).count()));
}

HttpClient::HttpClient() : m_handle(std::make_unique<Handle>()) {
  static std::once_flag global_init;
  std::call_once(global_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  m_handle->curl = curl_easy_init();
}

HttpClient::~HttpClient() {
  if (m_handle->curl != nullptr) curl_easy_cleanup(m_handle->curl);
}

Result<HttpResponse> HttpClient::send(const HttpRequest& request) {
  CURL* curl = m_handle->curl;
  if (curl == nullptr) return http_error(ExitCode::temporary, "http_unavailable", "cannot initialise libcurl");
  HeaderList headers;
  for (const auto& [name, value] : request.headers) {
    // A header value with a line break would smuggle a second header into the request.
    if (has_line_break(name) || has_line_break(value) || name.find(':') != std::string::npos) {
      return http_error(ExitCode::invalid_data, "invalid_header", fmt::format("header \"{}\" is not valid", name));
    }
    curl_slist* appended = curl_slist_append(headers.get(), fmt::format("{}: {}", name, value).c_str());
    headers.release();
    headers.reset(appended);
  }
  // libcurl asks before sending a body over 1 MB (Expect: 100-continue) and then waits up to
  // a second for a server that ignores the question; every body here must go anyway.
  if (!request.body.empty()) {
    curl_slist* appended = curl_slist_append(headers.get(), "Expect:");
    headers.release();
    headers.reset(appended);
  }
  Transfer transfer;
  transfer.max_bytes = request.max_response_bytes;

  curl_easy_reset(curl);
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT" || request.method == "PATCH") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (!request.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, request.ca_file.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);

  const CURLcode code = curl_easy_perform(curl);
  const std::string where = redact_url(request.url);
  if (transfer.too_large) {
    return http_error(ExitCode::temporary, "http_response_too_large",
                      fmt::format("{} {}: the response is larger than {} bytes", request.method, where,
                                  request.max_response_bytes));
  }
  if (code == CURLE_URL_MALFORMAT || code == CURLE_UNSUPPORTED_PROTOCOL) {
    return http_error(ExitCode::invalid_data, "invalid_url", fmt::format("{}: {}", where, curl_easy_strerror(code)));
  }
  if (code != CURLE_OK) {
    return http_error(ExitCode::temporary, code == CURLE_OPERATION_TIMEDOUT ? "http_timeout" : "http_unreachable",
                      fmt::format("{} {}: {}", request.method, where, curl_easy_strerror(code)));
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &transfer.response.status);
  return std::move(transfer.response);
}

Result<HttpResponse> HttpClient::send_expecting_success(const HttpRequest& request) {
  auto response = send(request);
  if (!response) return response;
  const HttpOutcome outcome = classify_http_status(response->status);
  if (outcome == HttpOutcome::success) return response;
  const std::string excerpt = redact_secrets(response->body.substr(0, 200));
  JobError error = http_error(exit_code_for_status(response->status),
                              fmt::format("http_{}", response->status),
                              fmt::format("{} {} answered {}: {}", request.method, redact_url(request.url),
                                          response->status, excerpt));
  if (const auto retry_after = response->header("retry-after")) {
    error.retry_after_seconds = parse_retry_after(*retry_after, std::chrono::system_clock::now()).value_or(-1);
  }
  return error;
}

}  // namespace jobkit
