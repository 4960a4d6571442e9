// The encodings an RFC 5322 / MIME message needs, each producing 7-bit text with CRLF line
// ends and lines of at most 76 characters, so the message never depends on 8BITMIME.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace send_notification {

// Base64 (RFC 2045 §6.8) in lines of 76 characters, each ending in CRLF.
std::string encode_base64_lines(std::string_view bytes);

// Quoted-printable (RFC 2045 §6.7): lines of at most 76 characters with '=' soft breaks,
// '=' and every non-ASCII byte encoded, trailing space or tab before a line end encoded;
// the text's line ends (LF or CRLF) become CRLF.
std::string encode_quoted_printable(std::string_view text);

// A header value for unstructured text (Subject): the text itself when it is printable
// ASCII, otherwise RFC 2047 "B" encoded-words of at most 75 characters that never split a
// UTF-8 sequence, separated by CRLF SP so that each header line stays short.
// header_name_length is the length of "Subject: " already on the first line.
std::string encode_header_text(std::string_view utf8_text, std::size_t header_name_length);

// A display name for an address header: a quoted string when it is printable ASCII,
// encoded-words otherwise.
std::string encode_display_name(std::string_view utf8_name);

// Content-Disposition parameters for a file name: filename="..." for plain ASCII, RFC 2231
// filename*=UTF-8''percent-encoded otherwise.
std::string encode_filename_parameter(std::string_view utf8_name);

// RFC 5322 §3.3 date in UTC, e.g. "Sat, 28 Nov 2026 11:17:22 +0000".
std::string format_rfc5322_date(std::chrono::system_clock::time_point time);

// Whether every byte is printable ASCII or space (no controls, no 8-bit bytes).
bool is_printable_ascii(std::string_view text);

}  // namespace send_notification
