// DKIM signing (RFC 6376): rsa-sha256 with relaxed/relaxed canonicalization, covering the
// headers receivers look at, List-Unsubscribe and List-Unsubscribe-Post included (RFC 8058
// one-click unsubscribe is only honoured when both are signed).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "jobkit/job_environment.hpp"
#include "jobkit/job_error.hpp"
#include "jobkit/rsa_key.hpp"
#include "mime_message.hpp"

namespace send_notification {

// RFC 6376 §3.4.2 relaxed header canonicalization of one header: "name:value" without CRLF.
std::string canonicalize_header_relaxed(std::string_view name, std::string_view value);
// RFC 6376 §3.4.4 relaxed body canonicalization.
std::string canonicalize_body_relaxed(std::string_view body);

class DkimSigner {
 public:
  // From DKIM_PRIVATE_KEY_FILE (PEM RSA key), DKIM_SELECTOR and DKIM_DOMAIN; nullptr when
  // DKIM_PRIVATE_KEY_FILE is unset. Errors: usage (64) for a missing selector or domain, or a
  // key file that cannot be read as an RSA private key.
  static jobkit::Result<std::shared_ptr<DkimSigner>> from_environment(const jobkit::EnvironmentLookup& environment);

  DkimSigner(jobkit::RsaKey key, std::string domain, std::string selector);

  // Puts a DKIM-Signature header first in message.
  void sign(MimeMessage& message) const;

 private:
  jobkit::RsaKey m_key;
  std::string m_domain;
  std::string m_selector;
};

}  // namespace send_notification
