// DKIM: canonicalize, hash the body, sign the headers plus the signature header itself
// with an empty b= tag, then fill in b=.
#include "dkim.hpp"

#include <algorithm>
#include <array>
#include <ctime>
#include <fstream>
#include <sstream>

#include "jobkit/base64.hpp"
#include "jobkit/digest.hpp"

namespace send_notification {
namespace {

constexpr std::array<std::string_view, 11> k_signed_headers = {
    "From", "To", "Reply-To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
    "List-Unsubscribe", "List-Unsubscribe-Post", "Content-Transfer-Encoding"};

bool is_wsp(char c) { return c == ' ' || c == '\t'; }

// Unfolds, turns runs of whitespace into one space and trims both ends.
std::string compress_whitespace(std::string_view text) {
  std::string out;
  bool in_space = false;
  for (const char c : text) {
    if (c == '\r' || c == '\n') continue;
    if (is_wsp(c)) {
      in_space = true;
      continue;
    }
    if (in_space && !out.empty()) out += ' ';
    in_space = false;
    out += c;
  }
  return out;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Folds a long base64 value so header lines stay short; DKIM ignores whitespace in b=.
std::string fold_base64(std::string_view value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); i += 72) {
    if (i > 0) out += "\r\n\t";
    out += value.substr(i, 72);
  }
  return out;
}

}  // namespace

std::string canonicalize_header_relaxed(std::string_view name, std::string_view value) {
  return lower(compress_whitespace(name)) + ":" + compress_whitespace(value);
}

std::string canonicalize_body_relaxed(std::string_view body) {
  std::string out;
  std::size_t start = 0;
  while (start < body.size()) {
    auto end = body.find("\r\n", start);
    const auto line = body.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    std::string canonical;
    bool in_space = false;
    for (const char c : line) {
      if (is_wsp(c)) {
        in_space = true;
        continue;
      }
      if (in_space) canonical += ' ';
      in_space = false;
      canonical += c;
    }
    out += canonical + "\r\n";
    start = end == std::string_view::npos ? body.size() : end + 2;
  }
  while (out.size() >= 2 && out.ends_with("\r\n\r\n")) out.resize(out.size() - 2);
  if (out == "\r\n") out.clear();
  return out;
}

jobkit::Result<std::shared_ptr<DkimSigner>> DkimSigner::from_environment(const jobkit::EnvironmentLookup& environment) {
  const auto key_file = environment("DKIM_PRIVATE_KEY_FILE");
  if (!key_file || key_file->empty()) return std::shared_ptr<DkimSigner>{};
  const auto domain = environment("DKIM_DOMAIN").value_or("");
  const auto selector = environment("DKIM_SELECTOR").value_or("");
  if (domain.empty() || selector.empty()) {
    return jobkit::JobError::make(jobkit::ExitCode::usage, "DKIM_PRIVATE_KEY_FILE needs DKIM_DOMAIN and DKIM_SELECTOR");
  }
  std::ifstream in(*key_file, std::ios::binary);
  std::ostringstream pem;
  pem << in.rdbuf();
  if (!in) return jobkit::JobError::make(jobkit::ExitCode::usage, "cannot read DKIM_PRIVATE_KEY_FILE " + *key_file);
  auto key = jobkit::RsaKey::from_pem(pem.str());
  if (!key) return jobkit::JobError::make(jobkit::ExitCode::usage, "DKIM_PRIVATE_KEY_FILE does not hold an RSA private key");
  return std::make_shared<DkimSigner>(std::move(*key), domain, selector);
}

DkimSigner::DkimSigner(jobkit::RsaKey key, std::string domain, std::string selector)
    : m_key(std::move(key)), m_domain(std::move(domain)), m_selector(std::move(selector)) {}

void DkimSigner::sign(MimeMessage& message) const {
  std::string header_names;
  std::string signed_text;
  for (const auto name : k_signed_headers) {
    for (const auto& [header, value] : message.headers) {
      if (lower(header) != lower(name)) continue;
      header_names += (header_names.empty() ? "" : ":") + lower(name);
      signed_text += canonicalize_header_relaxed(header, value) + "\r\n";
    }
  }
  const auto body_hash = jobkit::encode_base64(jobkit::sha256(canonicalize_body_relaxed(message.body)));
  const std::string unsigned_value = "v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + m_domain + "; s=" + m_selector +
                                     ";\r\n\tt=" + std::to_string(std::time(nullptr)) + "; h=" + header_names +
                                     ";\r\n\tbh=" + body_hash + ";\r\n\tb=";
  signed_text += canonicalize_header_relaxed("DKIM-Signature", unsigned_value);

  const std::string signature = m_key.sign_rs256(signed_text);
  message.headers.insert(message.headers.begin(), {"DKIM-Signature", unsigned_value + fold_base64(jobkit::encode_base64(signature))});
}

}  // namespace send_notification
