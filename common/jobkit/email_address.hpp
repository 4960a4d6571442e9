// What may go into a header or an SMTP envelope: strict addresses and header text without
// line breaks, checked before anything is built, so injection is refused, not repaired.
// One definition for every tool that names a mailbox: send-notification, and render-pdf's
// notify, which must refuse what send-notification would refuse before a PDF is written.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace jobkit {

class JsonField;
class JsonObject;

// nullopt when address is an acceptable addr-spec: a dot-atom local part (no quotes, no
// spaces, no '<', '>', ',', no comments), '@', and a domain of LDH labels with at least one
// dot, at most 254 characters in all. Otherwise a short reason ("has no '@'").
std::optional<std::string> check_email_address(std::string_view address);

// nullopt when text may appear in a header: valid UTF-8 and no CR, LF, NUL or other control
// character. Otherwise the reason.
std::optional<std::string> check_header_text(std::string_view text);

// The part after the '@'. Requires: a checked address.
std::string_view address_domain(std::string_view address);

// A string member checked by check_header_text; problems are recorded on the field.
std::string read_header_text(const JsonField& field, std::size_t max_length);
// A required-if-present string member checked by check_email_address.
std::string read_email_address(const JsonField& field);

struct Mailbox {
  std::string email;
  std::string name;  // display name; may be empty
};

// The "email" (required) and "name" (optional, at most 200 bytes) members of a job's
// mailbox object; other members are the caller's to read or leave to be refused.
Mailbox read_mailbox_members(JsonObject& object);

// The mailbox as send-notification's jobs carry it: {"email"} plus "name" when there is one.
nlohmann::json mailbox_json(const Mailbox& mailbox);

}  // namespace jobkit
