#include "http_test_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <stdexcept>

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace jobkit::testing {
namespace {

int listen_on_loopback(int& port, int backlog) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(fd, backlog) != 0 || ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("cannot listen on 127.0.0.1");
  }
  port = ntohs(address.sin_port);
  return fd;
}

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// Reads one request: headers up to the blank line, then Content-Length bytes of body.
// receive(buffer, size) is recv() on a plain socket or SSL_read() on a TLS one.
template <typename Receive>
bool read_request_from(Receive receive, RecordedRequest& request) {
  std::string data;
  char buffer[8192];
  std::size_t header_end = std::string::npos;
  while (header_end == std::string::npos) {
    const ssize_t count = receive(buffer, sizeof buffer);
    if (count <= 0) return false;
    data.append(buffer, static_cast<std::size_t>(count));
    header_end = data.find("\r\n\r\n");
  }
  std::size_t line_end = data.find("\r\n");
  const std::string request_line = data.substr(0, line_end);
  const auto first_space = request_line.find(' ');
  const auto second_space = request_line.find(' ', first_space + 1);
  request.method = request_line.substr(0, first_space);
  request.target = request_line.substr(first_space + 1, second_space - first_space - 1);
  while (line_end < header_end) {
    const std::size_t next = data.find("\r\n", line_end + 2);
    const std::string line = data.substr(line_end + 2, next - line_end - 2);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      request.headers[lowercase(line.substr(0, colon))] = value;
    }
    line_end = next;
  }
  request.body = data.substr(header_end + 4);
  const auto length = request.headers.find("content-length");
  const std::size_t expected = length == request.headers.end() ? 0 : std::stoul(length->second);
  while (request.body.size() < expected) {
    const ssize_t count = receive(buffer, sizeof buffer);
    if (count <= 0) return false;
    request.body.append(buffer, static_cast<std::size_t>(count));
  }
  return true;
}

bool read_request(int client, RecordedRequest& request) {
  return read_request_from([client](char* buffer, std::size_t size) { return ::recv(client, buffer, size, 0); }, request);
}

std::string render(const CannedResponse& response) {
  std::string text = "HTTP/1.1 " + std::to_string(response.status) + " Test\r\n";
  for (const auto& [name, value] : response.headers) text += name + ": " + value + "\r\n";
  text += "Content-Length: " + std::to_string(response.body.size()) + "\r\nConnection: close\r\n\r\n";
  return text + response.body;
}

}  // namespace

HttpTestServer::HttpTestServer(RequestHandler handler) : m_handler(std::move(handler)) {
  m_listener = listen_on_loopback(m_port, 16);
  m_thread = std::thread([this] { serve(); });
}

HttpTestServer::~HttpTestServer() {
  m_stopping = true;
  m_thread.join();
  ::close(m_listener);
}

struct HttpTestServer::TlsContext {
  SSL_CTX* context = nullptr;
  ~TlsContext() { SSL_CTX_free(context); }
};

HttpTestServer::HttpTestServer(RequestHandler handler, const TlsFiles& tls)
    : m_handler(std::move(handler)), m_tls(std::make_shared<TlsContext>()) {
  m_tls->context = SSL_CTX_new(TLS_server_method());
  if (m_tls->context == nullptr ||
      SSL_CTX_use_certificate_chain_file(m_tls->context, tls.certificate.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(m_tls->context, tls.private_key.c_str(), SSL_FILETYPE_PEM) != 1) {
    throw std::runtime_error("cannot load the test server's certificate or key");
  }
  m_listener = listen_on_loopback(m_port, 16);
  m_thread = std::thread([this] {
    // SSL_write to a client that went away raises SIGPIPE in this thread: blocked here, it
    // becomes an EPIPE error instead of ending the test process.
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
    serve();
  });
}

std::string HttpTestServer::url(const std::string& path) const {
  return std::string(m_tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(m_port) + path;
}

std::vector<RecordedRequest> HttpTestServer::requests() const {
  std::lock_guard lock(m_mutex);
  return m_requests;
}

void HttpTestServer::serve() {
  while (!m_stopping) {
    pollfd listener{m_listener, POLLIN, 0};
    if (::poll(&listener, 1, 50) <= 0) continue;
    const int client = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    if (m_tls) answer_tls(client);
    else answer(client);
    ::close(client);
  }
}

void HttpTestServer::answer(int client) {
  RecordedRequest request;
  if (!read_request(client, request)) return;
  const std::string text = respond(request);
  ::send(client, text.data(), text.size(), MSG_NOSIGNAL);
}

std::string HttpTestServer::respond(const RecordedRequest& request) {
  {
    std::lock_guard lock(m_mutex);
    m_requests.push_back(request);
  }
  const CannedResponse response = m_handler(request);
  for (int waited = 0; waited < response.delay_ms && !m_stopping; waited += 10) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return render(response);
}

void HttpTestServer::answer_tls(int client) {
  SSL* tls = SSL_new(m_tls->context);
  SSL_set_fd(tls, client);
  RecordedRequest request;
  const auto receive = [tls](char* buffer, std::size_t size) -> ssize_t {
    const int count = SSL_read(tls, buffer, static_cast<int>(size));
    return count > 0 ? count : -1;
  };
  // A client that refuses the certificate ends the handshake: nothing to answer.
  if (SSL_accept(tls) == 1 && read_request_from(receive, request)) {
    const std::string text = respond(request);
    SSL_write(tls, text.data(), static_cast<int>(text.size()));
    SSL_shutdown(tls);
  }
  ERR_clear_error();
  SSL_free(tls);
}

SilentServer::SilentServer() { m_listener = listen_on_loopback(m_port, 16); }

SilentServer::~SilentServer() { ::close(m_listener); }

}  // namespace jobkit::testing
