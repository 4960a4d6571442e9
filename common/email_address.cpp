// Strict address syntax: a subset of RFC 5321/5322 that real mailboxes use, chosen so that
// nothing an attacker writes can carry SMTP parameters or extra headers.
#include "jobkit/email_address.hpp"

#include "jobkit/json_fields.hpp"
#include "jobkit/utf8.hpp"

namespace jobkit {
namespace {

constexpr std::size_t k_max_address_length = 254;
constexpr std::size_t k_max_local_length = 64;
constexpr std::size_t k_max_display_name_length = 200;

bool is_atom_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

std::optional<std::string> check_local_part(std::string_view local) {
  if (local.empty() || local.size() > k_max_local_length) return "local part must be 1 to 64 characters";
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return "local part has a misplaced '.'";
  }
  for (const char c : local) {
    if (c != '.' && !is_atom_char(c)) return std::string("local part may not contain '") + c + "'";
  }
  return std::nullopt;
}

std::optional<std::string> check_domain(std::string_view domain) {
  if (domain.find('.') == std::string_view::npos) return "domain must contain a '.'";
  std::size_t label_start = 0;
  while (label_start <= domain.size()) {
    auto label_end = domain.find('.', label_start);
    if (label_end == std::string_view::npos) label_end = domain.size();
    const auto label = domain.substr(label_start, label_end - label_start);
    if (label.empty() || label.size() > 63) return "domain has an empty or over-long label";
    if (label.front() == '-' || label.back() == '-') return "domain label may not start or end with '-'";
    for (const char c : label) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
      if (!ok) return std::string("domain may not contain '") + c + "' (write IDN domains in punycode)";
    }
    label_start = label_end + 1;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> check_email_address(std::string_view address) {
  if (auto problem = check_header_text(address)) return problem;
  if (address.size() > k_max_address_length) return "is longer than 254 characters";
  const auto at = address.rfind('@');
  if (at == std::string_view::npos) return "has no '@'";
  if (auto problem = check_local_part(address.substr(0, at))) return problem;
  return check_domain(address.substr(at + 1));
}

std::optional<std::string> check_header_text(std::string_view text) {
  if (jobkit::find_invalid_utf8(text)) return "is not valid UTF-8";
  for (const char c : text) {
    if (c == '\r' || c == '\n') return "may not contain a line break";
    if (c == '\0') return "may not contain a NUL byte";
    if ((c > 0 && c < 32 && c != '\t') || c == 127) return "may not contain control characters";
  }
  return std::nullopt;
}

std::string_view address_domain(std::string_view address) { return address.substr(address.rfind('@') + 1); }

std::string read_header_text(const JsonField& field, std::size_t max_length) {
  auto text = field.as_string({.max_length = max_length});
  if (auto problem = check_header_text(text)) field.reject(*problem);
  return text;
}

std::string read_email_address(const JsonField& field) {
  auto address = field.as_string({.min_length = 1, .max_length = k_max_address_length});
  if (!field.present() || address.empty()) return address;
  if (auto problem = check_email_address(address)) field.reject(*problem);
  return address;
}

Mailbox read_mailbox_members(JsonObject& object) {
  Mailbox mailbox;
  mailbox.email = read_email_address(object.required("email"));
  mailbox.name = read_header_text(object.optional("name"), k_max_display_name_length);
  return mailbox;
}

nlohmann::json mailbox_json(const Mailbox& mailbox) {
  nlohmann::json json = {{"email", mailbox.email}};
  if (!mailbox.name.empty()) json["name"] = mailbox.name;
  return json;
}

}  // namespace jobkit
