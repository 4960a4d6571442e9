// A small HTTP/1.1 server on 127.0.0.1 for tests of code that talks to services that
// cannot run here. It records each request and answers from a queue of canned responses
// (or a handler), one request per connection.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace jobkit::testing {

struct RecordedRequest {
  std::string method;
  std::string target;                          // path and query
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

struct CannedResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int delay_ms = 0;  // wait before answering (for timeout tests)
};

using RequestHandler = std::function<CannedResponse(const RecordedRequest&)>;

// PEM files of the server's certificate (chain) and key, for a server that speaks HTTPS.
struct TlsFiles {
  std::string certificate;
  std::string private_key;
};

class HttpTestServer {
 public:
  explicit HttpTestServer(RequestHandler handler);
  // The same over TLS (every connection); url() then starts with https://.
  HttpTestServer(RequestHandler handler, const TlsFiles& tls);
  ~HttpTestServer();
  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;

  int port() const { return m_port; }
  std::string url(const std::string& path = "/") const;
  std::vector<RecordedRequest> requests() const;

 private:
  void serve();
  void answer(int client);
  void answer_tls(int client);
  std::string respond(const RecordedRequest& request);  // records, asks the handler, renders

  RequestHandler m_handler;
  int m_listener = -1;
  int m_port = 0;
  std::atomic<bool> m_stopping{false};
  mutable std::mutex m_mutex;
  std::vector<RecordedRequest> m_requests;
  std::thread m_thread;
  struct TlsContext;
  std::shared_ptr<TlsContext> m_tls;  // null: plain HTTP
};

// A TCP port on 127.0.0.1 that accepts connections but never answers: for timeout tests.
class SilentServer {
 public:
  SilentServer();
  ~SilentServer();
  int port() const { return m_port; }

 private:
  int m_listener = -1;
  int m_port = 0;
};

}  // namespace jobkit::testing
