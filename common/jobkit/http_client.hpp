// An HTTP client (libcurl) whose failures are already classified for the exit codes:
// connection errors, timeouts, 429 and 5xx are temporary (75); other 4xx are permanent.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "jobkit/job_error.hpp"

namespace jobkit {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{30000};
  std::chrono::milliseconds connect_timeout{10000};
  std::size_t max_response_bytes = 16 * 1024 * 1024;
  // A PEM file of the CAs to trust instead of the system's (a private CA, a test CA); empty: the system's.
  std::string ca_file;
};

struct HttpResponse {
  long status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;

  // The first header of that name (give it in lower case), or nullopt.
  std::optional<std::string> header(std::string_view lowercase_name) const;
};

enum class HttpOutcome { success, temporary, permanent };

// 2xx success; 408, 425, 429 and 5xx temporary; everything else permanent.
HttpOutcome classify_http_status(long status);

// Seconds to wait from a Retry-After value: delta-seconds or an HTTP date (relative to
// now). nullopt when the value is neither.
std::optional<int> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now);

class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends a request; connections are reused between calls. Any response, whatever its
  // status, is a success here. Errors: temporary (75) for connection failures and timeouts,
  // invalid_data (65) for a URL curl refuses, temporary for an over-long response.
  Result<HttpResponse> send(const HttpRequest& request);

  // send(), then turns a non-2xx status into an error: temporary (75) or permanent
  // (invalid_data, 65) per classify_http_status, with retry_after_seconds from Retry-After
  // and the first 200 bytes of the body in the message.
  Result<HttpResponse> send_expecting_success(const HttpRequest& request);

 private:
  struct Handle;
  std::unique_ptr<Handle> m_handle;
};

}  // namespace jobkit
