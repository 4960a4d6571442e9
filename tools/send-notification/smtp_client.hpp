// One SMTP connection (libcurl) for the whole job: each message is its own transaction
// (MAIL FROM, one RCPT TO, DATA), so a recipient the server refuses fails alone, and the
// connection stays open between messages.
#pragma once

#include <memory>
#include <string>

#include "jobkit/job_environment.hpp"
#include "jobkit/job_error.hpp"

namespace send_notification {

enum class StartTls { opportunistic, required };

struct SmtpSettings {
  std::string url;           // smtp://host:port[/ehlo-name] or smtps://...; may hold user:password
  std::string display_url;   // url with the password hidden, for messages
  std::string user;          // SMTP_USER, overrides the URL's
  std::string password;      // SMTP_PASSWORD
  StartTls starttls = StartTls::opportunistic;
  std::string ca_file;       // SMTP_CA_FILE: trust this CA (a test certificate) instead of the system's
  bool has_credentials = false;      // a user or password, from the variables or the URL
  bool allow_cleartext_auth = false;  // SMTP_ALLOW_CLEARTEXT_AUTH=1: a trusted local relay

  // Whether the connection must be encrypted before anything is said: STARTTLS required, or
  // credentials to protect on an smtp:// URL that the operator did not declare a trusted relay.
  bool requires_tls() const;
};

// From SMTP_URL (required), SMTP_USER, SMTP_PASSWORD, SMTP_STARTTLS (required|opportunistic),
// SMTP_CA_FILE, SMTP_ALLOW_CLEARTEXT_AUTH (1|0). ehlo_name becomes the URL's path when it has
// none, because libcurl would otherwise greet with the machine's host name.
// Errors: usage (64) naming the variable.
jobkit::Result<SmtpSettings> read_smtp_settings(const jobkit::EnvironmentLookup& environment, std::string_view ehlo_name);

// How one message fared.
enum class SmtpOutcome {
  sent,
  rejected,       // a 5xx for this recipient: permanent
  retry,          // a 4xx for this recipient (greylisting, a full mailbox): the others may go
  server_failed,  // no connection, no answer in time, 421: every message would fail alike
};

struct SmtpResult {
  SmtpOutcome outcome = SmtpOutcome::sent;
  long reply_code = 0;  // the server's last reply, 0 when there was none
  std::string message;  // why, for rejected / retry
};

class SmtpClient {
 public:
  explicit SmtpClient(SmtpSettings settings);
  ~SmtpClient();
  SmtpClient(const SmtpClient&) = delete;
  SmtpClient& operator=(const SmtpClient&) = delete;

  // Sends message to one envelope recipient. A 5xx reply is rejected (permanent for this
  // recipient); a 4xx reply is retry; a connection failure or a timeout is server_failed.
  // Errors: unavailable (69) where no message can go out until the operator acts: a refused
  // login or sender, or a server that offers no STARTTLS where TLS is required.
  jobkit::Result<SmtpResult> send(const std::string& envelope_from, const std::string& recipient,
                                  const std::string& message);

 private:
  struct Handle;
  std::unique_ptr<Handle> m_handle;
  SmtpSettings m_settings;
};

}  // namespace send_notification
