// Test helpers; servers started here listen on 127.0.0.1 only.
#include "smtp_fixture.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <thread>

#include <doctest/doctest.h>

#include "jobkit/base64.hpp"

namespace send_notification_test {
namespace {

using jobkit::testing::ProcessOptions;
using jobkit::testing::run_process;

bool can_connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

std::vector<std::string> server_argv(const std::filesystem::path& maildir, int port, const SmtpServerOptions& options) {
  std::vector<std::string> argv = {"/usr/bin/python3", test_script("smtp_server.py").string(), maildir.string(),
                                   std::to_string(port)};
  if (!options.cert.empty()) argv.insert(argv.end(), {"--tls", options.cert.string(), options.key.string()});
  if (!options.auth.empty()) argv.insert(argv.end(), {"--auth", options.auth});
  if (options.hold_after >= 0) {
    argv.insert(argv.end(), {"--hold-after", std::to_string(options.hold_after), "--hold-flag", options.hold_flag.string()});
  }
  if (!options.reject_prefix.empty()) argv.insert(argv.end(), {"--reject-prefix", options.reject_prefix});
  if (!options.greylist_prefix.empty()) argv.insert(argv.end(), {"--greylist-prefix", options.greylist_prefix});
  if (!options.slow_flag.empty()) argv.insert(argv.end(), {"--slow-flag", options.slow_flag.string()});
  return argv;
}

void run_checked(std::vector<std::string> argv) {
  const auto result = run_process({.argv = std::move(argv)});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
}

}  // namespace

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

TestSmtpServer::TestSmtpServer(const SmtpServerOptions& options)
    : m_port(free_port()), m_process(ProcessOptions{.argv = server_argv(m_folder.path(), m_port, options)}) {
  for (int tries = 0; tries < 200 && !can_connect(m_port); ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  REQUIRE_MESSAGE(can_connect(m_port), "the test SMTP server did not start");
}

std::vector<std::string> TestSmtpServer::login_attempts() const {
  std::vector<std::string> users;
  std::ifstream in(m_folder.path() / "auth-attempts");
  for (std::string line; std::getline(in, line);) users.push_back(line);
  return users;
}

void make_test_certificate(const std::filesystem::path& folder) {
  run_checked({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
               (folder / "key.pem").string(), "-out", (folder / "cert.pem").string(), "-days", "1", "-subj",
               "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"});
}

void make_rsa_key_pair(const std::filesystem::path& folder) {
  run_checked({"/usr/bin/openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out",
               (folder / "private.pem").string()});
  run_checked({"/usr/bin/openssl", "pkey", "-in", (folder / "private.pem").string(), "-pubout", "-out",
               (folder / "public.pem").string()});
}

std::vector<std::filesystem::path> delivered_messages(const std::filesystem::path& maildir) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(maildir / "new", error)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

nlohmann::json parse_delivered(const std::filesystem::path& file, const std::filesystem::path& dkim_public_key) {
  std::vector<std::string> argv = {"/usr/bin/python3", test_script("parse_message.py").string(), file.string()};
  if (!dkim_public_key.empty()) argv.push_back(dkim_public_key.string());
  const auto result = run_process({.argv = argv});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  return nlohmann::json::parse(result.out);
}

std::string unique_token() {
  static int counter = 0;
  return std::to_string(::getpid()) + "-" + std::to_string(++counter) + "-" +
         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000);
}

nlohmann::json pdf_ready_job(const std::string& address) {
  return {{"template", "pdf-ready"},
          {"from", {{"email", "no-reply@jobkit.example"}, {"name", "J\xC3\xB6" "bkit"}}},
          {"recipients",
           {{{"email", address},
             {"name", "Ren\xC3\xA9" "e O'Brien"},
             {"data",
              {{"first_name", "Ren\xC3\xA9" "e <b>"},
               {"document_name", "Rechnung M\xC3\xA4rz \xE2\x82\xAC 2026 \xF0\x9F\x93\x84"},
               {"download_url", "https://jobkit.example/d/1?a=1&b=2"}}}}}}};
}

std::string envelope_recipient(const std::filesystem::path& file) {
  std::ifstream in(file);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto start = text.find("X-RcptTo: ");
  if (start == std::string::npos) return {};
  return text.substr(start + 10, text.find_first_of("\r\n", start) - start - 10);
}

std::size_t count_messages_to(const std::filesystem::path& maildir, const std::string& address) {
  const auto files = delivered_messages(maildir);
  return static_cast<std::size_t>(std::count_if(
      files.begin(), files.end(), [&](const std::filesystem::path& file) { return envelope_recipient(file) == address; }));
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

ProcessOptions tool_process(const nlohmann::json& job, std::vector<std::string> environment,
                            std::vector<std::string> unset) {
  const bool has_templates = std::any_of(environment.begin(), environment.end(),
                                         [](const std::string& entry) { return entry.starts_with("TEMPLATES_DIR="); });
  if (!has_templates) environment.push_back("TEMPLATES_DIR=" + shipped_templates().string());
  unset.insert(unset.end(), {"JOB_ID", "DKIM_PRIVATE_KEY_FILE", "SMTP_USER", "SMTP_PASSWORD", "SMTP_STARTTLS",
                             "SMTP_CA_FILE", "SMTP_ALLOW_CLEARTEXT_AUTH", "NOTIFICATION_MAX_ATTACHMENT_BYTES",
                             "NOTIFICATION_IDEMPOTENCY_TTL_SECONDS", "JOB_PROGRESS_FD"});
  return {.argv = {jobkit::testing::built_program("send-notification").string()},
          .input = job.dump(),
          .environment = std::move(environment),
          .unset = std::move(unset)};
}

jobkit::testing::ProcessResult run_tool(const nlohmann::json& job, std::vector<std::string> environment,
                                        std::vector<std::string> unset) {
  return run_process(tool_process(job, std::move(environment), std::move(unset)));
}

std::string base64(const std::string& bytes) { return jobkit::encode_base64(bytes); }

std::filesystem::path shipped_templates() { return SEND_NOTIFICATION_SOURCE_DIR "/templates"; }

std::filesystem::path test_script(const std::string& name) { return std::filesystem::path(SEND_NOTIFICATION_TEST_DIR) / name; }

}  // namespace send_notification_test
