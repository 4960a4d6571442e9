// The GSM 03.38 default alphabet and its extension table, as code points.
#include "sms_segments.hpp"

#include <algorithm>
#include <array>

namespace send_notification {
namespace {

// The basic table beyond printable ASCII letters and digits.
constexpr std::array<char32_t, 39> k_gsm_basic_non_ascii = {
    U'£', U'¥', U'è', U'é', U'ù', U'ì', U'ò', U'Ç', U'Ø', U'ø', U'Å', U'å', U'Δ', U'Φ', U'Γ', U'Λ', U'Ω', U'Π', U'Ψ', U'Σ',
    U'Θ', U'Ξ', U'Æ', U'æ', U'ß', U'É', U'¤', U'¡', U'Ä', U'Ö', U'Ñ', U'Ü', U'§', U'¿', U'ä', U'ö', U'ñ', U'ü', U'à'};
constexpr std::u32string_view k_gsm_extension = U"^{}\\[~]|€\f";

// Printable ASCII that the basic table lacks: ` and the extension characters.
bool in_gsm_basic(char32_t c) {
  if (c == '\n' || c == '\r' || c == '_') return true;
  if (c >= 0x20 && c < 0x7F) return c != '`' && k_gsm_extension.find(c) == std::u32string_view::npos;
  return std::find(k_gsm_basic_non_ascii.begin(), k_gsm_basic_non_ascii.end(), c) != k_gsm_basic_non_ascii.end();
}

char32_t next_code_point(std::string_view text, std::size_t& at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  char32_t c = length == 1 ? lead : (lead & (0xFF >> (length + 1)));
  for (std::size_t i = 1; i < length && at + i < text.size(); ++i) c = (c << 6) | (text[at + i] & 0x3F);
  at += length;
  return c;
}

std::size_t segments_for(std::size_t units, std::size_t single, std::size_t part) {
  if (units == 0) return 0;
  return units <= single ? 1 : (units + part - 1) / part;
}

}  // namespace

SmsSegments count_sms_segments(std::string_view utf8_text) {
  SmsSegments result;
  std::size_t septets = 0;
  std::size_t utf16_units = 0;
  bool gsm = true;
  for (std::size_t at = 0; at < utf8_text.size();) {
    const char32_t c = next_code_point(utf8_text, at);
    ++result.characters;
    utf16_units += c > 0xFFFF ? 2 : 1;
    if (in_gsm_basic(c)) {
      septets += 1;
    } else if (k_gsm_extension.find(c) != std::u32string_view::npos) {
      septets += 2;
    } else {
      gsm = false;
    }
  }
  if (gsm) {
    result.units = septets;
    result.segments = segments_for(septets, 160, 153);
  } else {
    result.encoding = SmsEncoding::ucs2;
    result.units = utf16_units;
    result.segments = segments_for(utf16_units, 70, 67);
  }
  return result;
}

}  // namespace send_notification
