// Helpers for the send-notification process tests: our own aiosmtpd (STARTTLS, AUTH,
// holding a message), a test certificate, reading the Maildir back through Python's email
// parser, and running the tool with a job.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "process.hpp"
#include "temp_dir.hpp"

namespace send_notification_test {

// A port on 127.0.0.1 that was free a moment ago.
int free_port();

struct SmtpServerOptions {
  std::filesystem::path cert;  // with key: STARTTLS offered and required
  std::filesystem::path key;
  std::string auth;            // "user:password": AUTH required
  int hold_after = -1;         // hold message hold_after+1 while hold_flag exists
  std::filesystem::path hold_flag;
  std::string reject_prefix;   // RCPT TO addresses starting with it get 550
  std::string greylist_prefix; // RCPT TO addresses starting with it get 451 on their first try
  std::filesystem::path slow_flag;  // while it exists, one message at a time is held (slow server)
};

class TestSmtpServer {
 public:
  explicit TestSmtpServer(const SmtpServerOptions& options = {});
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(m_port); }
  const std::filesystem::path& maildir() const { return m_folder.path(); }
  // The user names of every login attempt the server saw, in order.
  std::vector<std::string> login_attempts() const;

 private:
  jobkit::testing::TempDir m_folder;
  int m_port;
  jobkit::testing::ChildProcess m_process;
};

// cert.pem and key.pem for CN=localhost / IP 127.0.0.1 in folder (openssl req).
void make_test_certificate(const std::filesystem::path& folder);

// An RSA key pair for DKIM: private.pem and public.pem in folder.
void make_rsa_key_pair(const std::filesystem::path& folder);

// The files in maildir/new, oldest first.
std::vector<std::filesystem::path> delivered_messages(const std::filesystem::path& maildir);

// parse_message.py's view of one delivered message; with a public key, "dkim_valid".
nlohmann::json parse_delivered(const std::filesystem::path& file, const std::filesystem::path& dkim_public_key = {});

// A token no other test run uses, for idempotency keys and addresses.
std::string unique_token();

// A pdf-ready email job to one recipient, with non-ASCII names and data.
nlohmann::json pdf_ready_job(const std::string& address);

// The X-RcptTo header the Mailbox handler adds: the envelope recipient.
std::string envelope_recipient(const std::filesystem::path& file);

// How many delivered messages have address as their envelope recipient.
std::size_t count_messages_to(const std::filesystem::path& maildir, const std::string& address);

// Writes bytes to path, creating its folders.
void write_file(const std::filesystem::path& path, const std::string& bytes);

// The process options that run send-notification with the job on stdin and the given extra
// environment (TEMPLATES_DIR points at the shipped templates unless given), with the
// settings a developer's shell may hold removed.
jobkit::testing::ProcessOptions tool_process(const nlohmann::json& job, std::vector<std::string> environment,
                                             std::vector<std::string> unset = {});

// Runs send-notification with the job on stdin and the given extra environment (TEMPLATES_DIR
// points at the shipped templates unless given).
jobkit::testing::ProcessResult run_tool(const nlohmann::json& job, std::vector<std::string> environment,
                                        std::vector<std::string> unset = {});

// Standard base64 of bytes, as parse_message.py reports attachments.
std::string base64(const std::string& bytes);

// The folder of the shipped templates, and of this test's helper scripts.
std::filesystem::path shipped_templates();
std::filesystem::path test_script(const std::string& name);

}  // namespace send_notification_test
