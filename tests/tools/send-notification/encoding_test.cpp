// Encodings, addresses and DKIM canonicalization: the RFC rules as tables.
#include <doctest/doctest.h>

#include <sstream>

#include "address.hpp"
#include "dkim.hpp"
#include "jobkit/base64.hpp"
#include "jobkit/utf8.hpp"
#include "mime_encoding.hpp"

using namespace send_notification;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find("\r\n", start);
    REQUIRE_MESSAGE(end != std::string::npos, "every line must end in CRLF");
    lines.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

// Decodes a header made of encoded-words (as a receiver would) back to UTF-8.
std::string decode_words(const std::string& header) {
  std::string out;
  std::size_t at = 0;
  while ((at = header.find("=?UTF-8?B?", at)) != std::string::npos) {
    const auto end = header.find("?=", at + 10);
    const auto bytes = jobkit::decode_base64(header.substr(at + 10, end - at - 10));
    REQUIRE(bytes);
    out += *bytes;
    at = end + 2;
  }
  return out;
}

}  // namespace

TEST_CASE("quoted-printable keeps lines at 76 and encodes what it must") {
  CHECK(encode_quoted_printable("a=b\n") == "a=3Db\r\n");
  CHECK(encode_quoted_printable("caf\xC3\xA9") == "caf=C3=A9");
  CHECK(encode_quoted_printable("trailing \nspace\t") == "trailing=20\r\nspace=09");
  CHECK(encode_quoted_printable("crlf\r\nkept") == "crlf\r\nkept");
  const auto long_line = encode_quoted_printable(std::string(300, 'x') + "\n" + std::string(100, '\xE2'));
  for (const auto& line : lines_of(long_line + "\r\n")) CHECK(line.size() <= 76);
}

TEST_CASE("base64 lines are 76 characters and decode back") {
  std::string bytes;
  for (int i = 0; i < 1000; ++i) bytes += static_cast<char>(i * 7);
  const auto encoded = encode_base64_lines(bytes);
  std::string joined;
  for (const auto& line : lines_of(encoded)) {
    CHECK(line.size() <= 76);
    joined += line;
  }
  CHECK(jobkit::decode_base64(joined) == bytes);
}

TEST_CASE("subjects become encoded-words that round-trip without splitting characters") {
  CHECK(encode_header_text("Plain subject", 9) == "Plain subject");
  const std::string subject = "Ihre Rechnung \xE2\x82\xAC f\xC3\xBCr M\xC3\xA4rz \xF0\x9F\x98\x80 " + std::string(40, 'x') +
                              " \xE6\x9D\xB1\xE4\xBA\xAC\xE6\x9D\xB1\xE4\xBA\xAC\xE6\x9D\xB1\xE4\xBA\xAC";
  const auto encoded = encode_header_text(subject, 9);
  CHECK(decode_words(encoded) == subject);
  std::istringstream words(encoded);
  for (std::string line; std::getline(words, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    CHECK(line.size() <= 76);
    const auto word = line.substr(line.find("=?"));
    CHECK(word.size() <= 75);
    const auto bytes = jobkit::decode_base64(word.substr(10, word.size() - 12));
    REQUIRE(bytes);
    CHECK_FALSE(jobkit::find_invalid_utf8(*bytes));
  }
}

TEST_CASE("display names are quoted or encoded and file names use RFC 2231") {
  CHECK(encode_display_name("Ann \"Boss\" Lee") == "\"Ann \\\"Boss\\\" Lee\"");
  CHECK(decode_words(encode_display_name("J\xC3\xB6rg")) == "J\xC3\xB6rg");
  CHECK(encode_filename_parameter("report.pdf") == "filename=\"report.pdf\"");
  CHECK(encode_filename_parameter("\xC3\xA9t\xC3\xA9 1.pdf") == "filename*=UTF-8''%C3%A9t%C3%A9%201.pdf");
}

TEST_CASE("the Date header has the RFC 5322 form") {
  CHECK(format_rfc5322_date(std::chrono::system_clock::time_point(std::chrono::seconds(1795868242))) ==
        "Sat, 28 Nov 2026 12:17:22 +0000");
}

TEST_CASE("strict addresses refuse everything that could inject") {
  for (const char* good : {"ann@example.com", "a.b+tag@mail.example.co.uk", "x_y-z@sub-domain.example"}) {
    CAPTURE(good);
    CHECK_FALSE(check_email_address(good));
  }
  for (const char* bad :
       {"ann", "ann@localhost", "\"a@b\"@example.com", "a b@example.com", "<ann@example.com>", "ann@example.com>",
        "ann@example.com> NOTIFY=SUCCESS", "a,b@example.com", "ann@example.com\r\nBcc: x@y.z", ".ann@example.com",
        "an..n@example.com", "ann@-example.com", "ann@exa_mple.com", "ann@b\xC3\xBC" "cher.de", "ann@example..com"}) {
    CAPTURE(bad);
    CHECK(check_email_address(bad));
  }
  CHECK(check_email_address(std::string(250, 'a') + "@example.com"));
  CHECK(check_header_text("Hello\r\nBcc: victim@example.com") == "may not contain a line break");
  CHECK(check_header_text(std::string("nul\0byte", 8)) == "may not contain a NUL byte");
  CHECK(check_header_text("bad \xFF utf8") == "is not valid UTF-8");
  CHECK_FALSE(check_header_text("Gr\xC3\xBC\xC3\x9F" "e\tok"));
}

TEST_CASE("DKIM relaxed canonicalization follows RFC 6376 section 3.4.5") {
  CHECK(canonicalize_header_relaxed("A", " X") == "a:X");
  CHECK(canonicalize_header_relaxed("B ", " Y\t\r\n\tZ  ") == "b:Y Z");
  CHECK(canonicalize_body_relaxed(" C \r\nD \t E\r\n\r\n\r\n") == " C\r\nD E\r\n");
  CHECK(canonicalize_body_relaxed("") == "");
  CHECK(canonicalize_body_relaxed("\r\n\r\n") == "");
  CHECK(canonicalize_body_relaxed("no final line end") == "no final line end\r\n");
}
