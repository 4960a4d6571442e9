// The message builder. Boundaries start with "=_", which neither quoted-printable (where
// '=' is always followed by hex digits or a line end) nor base64 can produce, so they can
// never collide with a body.
#include "mime_message.hpp"

#include <array>

#include "jobkit/random.hpp"
#include "mime_encoding.hpp"

namespace send_notification {
namespace {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// One MIME entity: its own headers and its encoded body.
struct Part {
  HeaderList headers;
  std::string body;

  std::string to_string() const {
    std::string out;
    for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
    return out + "\r\n" + body;
  }
};

std::string with_final_line_end(std::string text) {
  if (!text.ends_with("\r\n")) text += "\r\n";
  return text;
}

Part text_part(std::string_view subtype, std::string_view text) {
  return {{{"Content-Type", "text/" + std::string(subtype) + "; charset=utf-8"},
           {"Content-Transfer-Encoding", "quoted-printable"}},
          with_final_line_end(encode_quoted_printable(text))};
}

Part attachment_part(const LoadedAttachment& attachment) {
  return {{{"Content-Type", attachment.content_type},
           {"Content-Transfer-Encoding", "base64"},
           {"Content-Disposition", "attachment;\r\n " + encode_filename_parameter(attachment.filename)}},
          encode_base64_lines(attachment.bytes)};
}

std::string content_type_multipart(std::string_view subtype, const std::string& boundary) {
  return "multipart/" + std::string(subtype) + ";\r\n boundary=\"" + boundary + "\"";
}

Part multipart(std::string_view subtype, const std::string& boundary, const std::vector<Part>& parts) {
  std::string body;
  for (const auto& part : parts) body += "--" + boundary + "\r\n" + part.to_string() + "\r\n";
  return {{{"Content-Type", content_type_multipart(subtype, boundary)}}, body + "--" + boundary + "--\r\n"};
}

std::string list_unsubscribe(const MessageHeaders& headers) {
  std::string value;
  if (!headers.unsubscribe_url.empty()) value = "<" + headers.unsubscribe_url + ">";
  if (!headers.unsubscribe_mailto.empty()) {
    value += (value.empty() ? "" : ",\r\n ") + std::string("<mailto:") + headers.unsubscribe_mailto + ">";
  }
  return value;
}

}  // namespace

std::string make_message_id(std::string_view domain) { return jobkit::random_hex(32) + "@" + std::string(domain); }

std::string format_mailbox(const Mailbox& mailbox) {
  if (mailbox.name.empty()) return "<" + mailbox.email + ">";
  return encode_display_name(mailbox.name) + " <" + mailbox.email + ">";
}

std::string MimeMessage::to_bytes() const {
  std::string bytes;
  bytes.reserve(body.size() + 1024);
  for (const auto& [name, value] : headers) bytes += name + ": " + value + "\r\n";
  return bytes + "\r\n" + body;
}

MimeMessage build_mime_message(const MessageHeaders& headers, const RenderedMessage& content,
                               const std::vector<LoadedAttachment>& attachments) {
  MimeMessage message;
  auto& out = message.headers;
  out.emplace_back("Date", format_rfc5322_date(headers.date));
  out.emplace_back("From", format_mailbox(headers.from));
  out.emplace_back("To", format_mailbox(headers.to));
  if (headers.reply_to) out.emplace_back("Reply-To", format_mailbox(*headers.reply_to));
  out.emplace_back("Subject", encode_header_text(content.subject, 9));
  out.emplace_back("Message-ID", "<" + headers.message_id + ">");
  if (auto unsubscribe = list_unsubscribe(headers); !unsubscribe.empty()) {
    out.emplace_back("List-Unsubscribe", unsubscribe);
    // RFC 8058 one-click applies to the https URL only.
    if (!headers.unsubscribe_url.empty()) out.emplace_back("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
  }
  out.emplace_back("MIME-Version", "1.0");

  const auto boundary_stem = "=_" + headers.message_id.substr(0, 32);
  Part top = content.html.empty() ? text_part("plain", content.text)
                                       : multipart("alternative", boundary_stem + "_alt",
                                                   {text_part("plain", content.text), text_part("html", content.html)});
  if (!attachments.empty()) {
    std::vector<Part> parts{std::move(top)};
    for (const auto& attachment : attachments) parts.push_back(attachment_part(attachment));
    top = multipart("mixed", boundary_stem + "_mix", parts);
  }
  out.insert(out.end(), top.headers.begin(), top.headers.end());
  message.body = std::move(top.body);
  return message;
}

}  // namespace send_notification
