// The WHATWG Encoding Standard's UTF-8 decoder, which V8 implements and Node uses for every
// Buffer and stream it turns into a string. Its rule for where one U+FFFD ends (the
// "maximal subpart") decides how many replacement characters a broken sequence yields, so a
// string in a tool's result reads the same here as in a Node worker.
#include "jobkit/node_json.hpp"

namespace jobkit {
namespace {

constexpr std::string_view utf8_replacement_character = "\xEF\xBF\xBD";

// The state of one sequence being decoded: how many continuation bytes remain, and the
// range the next one must be in (narrowed after E0, ED, F0 and F4 to exclude overlong
// forms, surrogates and code points above U+10FFFF). A well-formed sequence is copied as it
// stands, so the code point itself is never needed.
struct utf8_sequence_state {
  int bytes_needed = 0;
  unsigned char lower = 0x80;
  unsigned char upper = 0xBF;
};

// Starts a sequence at lead byte; false when the byte cannot start one.
bool start_utf8_sequence(unsigned char lead, utf8_sequence_state& state) {
  if (lead >= 0xC2 && lead <= 0xDF) {
    state = {1};
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    state = {2};
    if (lead == 0xE0) state.lower = 0xA0;
    if (lead == 0xED) state.upper = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    state = {3};
    if (lead == 0xF0) state.lower = 0x90;
    if (lead == 0xF4) state.upper = 0x8F;
  } else {
    return false;
  }
  return true;
}

}  // namespace

std::string node_utf8_text(std::string_view bytes) {
  std::string text;
  text.reserve(bytes.size());
  utf8_sequence_state state;
  std::size_t sequence_start = 0;
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto byte = static_cast<unsigned char>(bytes[i]);
    if (state.bytes_needed == 0) {
      if (byte < 0x80) {
        text += static_cast<char>(byte);
      } else if (start_utf8_sequence(byte, state)) {
        sequence_start = i;
      } else {
        text += utf8_replacement_character;
      }
      ++i;
      continue;
    }
    if (byte < state.lower || byte > state.upper) {
      // The sequence so far is one maximal subpart; this byte is read again as a new start.
      text += utf8_replacement_character;
      state = {};
      continue;
    }
    state.lower = 0x80;
    state.upper = 0xBF;
    ++i;
    if (--state.bytes_needed == 0) {
      // Well-formed: copy the original bytes, which are its UTF-8 form.
      text.append(bytes.substr(sequence_start, i - sequence_start));
    }
  }
  if (state.bytes_needed != 0) text += utf8_replacement_character;
  return text;
}

}  // namespace jobkit
