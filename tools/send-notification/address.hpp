// What may go into a header or an SMTP envelope: strict addresses and header text without
// line breaks, checked before anything is built, so injection is refused, not repaired.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace send_notification {

// nullopt when address is an acceptable addr-spec: a dot-atom local part (no quotes, no
// spaces, no '<', '>', ',', no comments), '@', and a domain of LDH labels with at least one
// dot, at most 254 characters in all. Otherwise a short reason ("has no '@'").
std::optional<std::string> check_email_address(std::string_view address);

// nullopt when text may appear in a header: valid UTF-8 and no CR, LF, NUL or other control
// character. Otherwise the reason.
std::optional<std::string> check_header_text(std::string_view text);

// The part after the '@'. Requires: a checked address.
std::string_view address_domain(std::string_view address);

}  // namespace send_notification
