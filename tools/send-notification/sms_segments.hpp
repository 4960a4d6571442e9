// How many SMS segments a text costs: GSM-7 (160 septets, 153 per part when split, the
// extension characters counting twice) unless one character needs UCS-2 (70 UTF-16 units,
// 67 per part), which then applies to the whole message.
#pragma once

#include <cstddef>
#include <string_view>

namespace send_notification {

enum class SmsEncoding { gsm7, ucs2 };

struct SmsSegments {
  SmsEncoding encoding = SmsEncoding::gsm7;
  std::size_t units = 0;     // septets for GSM-7, UTF-16 code units for UCS-2
  std::size_t segments = 0;  // 0 for an empty text
  std::size_t characters = 0;  // Unicode code points
};

// Requires: valid UTF-8.
SmsSegments count_sms_segments(std::string_view utf8_text);

}  // namespace send_notification
