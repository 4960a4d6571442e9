// libcurl's SMTP support drives the protocol; we hand it the finished message through a
// read callback. Facts relied on (libcurl 7.88): the easy handle keeps the connection
// between performs, libcurl dot-stuffs the body, the URL path is the EHLO name.
#include "smtp_client.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <mutex>

#include <curl/curl.h>

#include "jobkit/redaction.hpp"

namespace send_notification {
namespace {

struct Upload {
  const std::string* bytes;
  std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const auto n = std::min(size * count, upload->bytes->size() - upload->offset);
  std::memcpy(buffer, upload->bytes->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

// Adds "/ehlo-name" to an smtp(s)://host[:port] URL that has no path.
std::string with_ehlo_name(const std::string& url, std::string_view ehlo_name) {
  const auto authority = url.find("://") + 3;
  if (url.find('/', authority) != std::string::npos) return url;
  return url + "/" + std::string(ehlo_name);
}

// Whether an smtp(s)://user:password@host URL carries credentials.
bool has_userinfo(std::string_view url) {
  const auto authority = url.find("://") + 3;
  const auto end = url.find('/', authority);
  return url.substr(authority, end == std::string_view::npos ? std::string_view::npos : end - authority).find('@') !=
         std::string_view::npos;
}

// What the operator must change when the server offers no STARTTLS and TLS is required.
std::string missing_starttls_message(const SmtpSettings& settings) {
  if (settings.starttls == StartTls::required) {
    return "the SMTP server offers no STARTTLS and SMTP_STARTTLS is required: use a server that offers it or "
           "smtps://";
  }
  return "the SMTP server offers no STARTTLS, and the SMTP login is never sent in clear text: use smtps://, a "
         "server that offers STARTTLS, or SMTP_ALLOW_CLEARTEXT_AUTH=1 for a trusted local relay";
}

}  // namespace

struct SmtpClient::Handle {
  CURL* curl = nullptr;
  std::array<char, CURL_ERROR_SIZE> error{};
  ~Handle() {
    if (curl != nullptr) curl_easy_cleanup(curl);
  }
};

jobkit::Result<SmtpSettings> read_smtp_settings(const jobkit::EnvironmentLookup& environment, std::string_view ehlo_name) {
  SmtpSettings settings;
  const auto url = environment("SMTP_URL");
  if (!url || url->empty()) return jobkit::JobError::make(jobkit::ExitCode::usage, "SMTP_URL is not set");
  if (!url->starts_with("smtp://") && !url->starts_with("smtps://")) {
    return jobkit::JobError::make(jobkit::ExitCode::usage, "SMTP_URL must start with smtp:// or smtps://");
  }
  settings.url = with_ehlo_name(*url, ehlo_name);
  settings.display_url = jobkit::redact_url(settings.url);
  settings.user = environment("SMTP_USER").value_or("");
  settings.password = environment("SMTP_PASSWORD").value_or("");
  settings.ca_file = environment("SMTP_CA_FILE").value_or("");
  settings.has_credentials = !settings.user.empty() || !settings.password.empty() || has_userinfo(*url);
  const auto starttls = environment("SMTP_STARTTLS").value_or("opportunistic");
  if (starttls == "required") {
    settings.starttls = StartTls::required;
  } else if (starttls != "opportunistic") {
    return jobkit::JobError::make(jobkit::ExitCode::usage, "SMTP_STARTTLS must be required or opportunistic",
                                  "env:SMTP_STARTTLS");
  }
  const auto cleartext = environment("SMTP_ALLOW_CLEARTEXT_AUTH").value_or("0");
  if (cleartext != "0" && cleartext != "1") {
    return jobkit::JobError::make(jobkit::ExitCode::usage, "SMTP_ALLOW_CLEARTEXT_AUTH must be 1 or 0",
                                  "env:SMTP_ALLOW_CLEARTEXT_AUTH");
  }
  settings.allow_cleartext_auth = cleartext == "1";
  return settings;
}

bool SmtpSettings::requires_tls() const {
  if (starttls == StartTls::required) return true;
  return has_credentials && url.starts_with("smtp://") && !allow_cleartext_auth;
}

SmtpClient::SmtpClient(SmtpSettings settings) : m_handle(std::make_unique<Handle>()), m_settings(std::move(settings)) {
  static std::once_flag global_init;
  std::call_once(global_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  m_handle->curl = curl_easy_init();
  if (m_handle->curl == nullptr) throw std::runtime_error("curl_easy_init failed");
  CURL* curl = m_handle->curl;
  curl_easy_setopt(curl, CURLOPT_URL, m_settings.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  // CURLUSESSL_TRY would log in over a plain connection when the server offers no STARTTLS.
  curl_easy_setopt(curl, CURLOPT_USE_SSL, m_settings.requires_tls() ? CURLUSESSL_ALL : CURLUSESSL_TRY);
  if (!m_settings.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, m_settings.ca_file.c_str());
  if (!m_settings.user.empty()) curl_easy_setopt(curl, CURLOPT_USERNAME, m_settings.user.c_str());
  if (!m_settings.password.empty()) curl_easy_setopt(curl, CURLOPT_PASSWORD, m_settings.password.c_str());
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 120000L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, m_handle->error.data());
}

SmtpClient::~SmtpClient() = default;

jobkit::Result<SmtpResult> SmtpClient::send(const std::string& envelope_from, const std::string& recipient,
                                            const std::string& message) {
  CURL* curl = m_handle->curl;
  const auto from = "<" + envelope_from + ">";
  curl_slist* recipients = curl_slist_append(nullptr, ("<" + recipient + ">").c_str());
  Upload upload{&message};
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  m_handle->error[0] = '\0';
  const CURLcode code = curl_easy_perform(curl);
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, nullptr);
  curl_slist_free_all(recipients);
  long reply = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
  if (code == CURLE_OK) return SmtpResult{SmtpOutcome::sent, reply, {}};
  const std::string detail = m_handle->error[0] != '\0' ? m_handle->error.data() : curl_easy_strerror(code);
  const std::string why = detail + " (" + m_settings.display_url + ")";
  if (code == CURLE_LOGIN_DENIED) {
    return jobkit::JobError::make(jobkit::ExitCode::unavailable, "the SMTP server refused the login: " + why);
  }
  // A configuration mismatch, not a passing failure: retrying cannot help.
  if (code == CURLE_USE_SSL_FAILED) {
    return jobkit::JobError::make(jobkit::ExitCode::unavailable,
                                  missing_starttls_message(m_settings) + " (" + m_settings.display_url + ")");
  }
  const bool permanent_reply = reply >= 500 && reply < 600;
  // A 5xx to MAIL FROM (sender refused, STARTTLS or AUTH demanded) is not this recipient's
  // fault and would refuse every message alike: no message can go out with this setup.
  if (permanent_reply && detail.starts_with("MAIL failed")) {
    return jobkit::JobError::make(jobkit::ExitCode::unavailable, "the SMTP server refused the sender: " + why);
  }
  if (permanent_reply) return SmtpResult{SmtpOutcome::rejected, reply, detail};
  // 421 closes the connection for everyone; any other 4xx is about this message.
  const bool recipient_reply = reply >= 400 && reply < 500 && reply != 421;
  return SmtpResult{recipient_reply ? SmtpOutcome::retry : SmtpOutcome::server_failed, reply, why};
}

}  // namespace send_notification
