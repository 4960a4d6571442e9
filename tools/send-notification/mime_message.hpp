// Builds a complete RFC 5322 message as bytes: headers in a fixed order, then text only,
// multipart/alternative (text + HTML), wrapped in multipart/mixed with attachments.
// Bodies are quoted-printable or base64, so the message is 7-bit with CRLF line ends.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "message_templates.hpp"
#include "job.hpp"

namespace send_notification {

struct LoadedAttachment {
  std::string filename;
  std::string content_type;
  std::string bytes;
};

struct MessageHeaders {
  Mailbox from;
  std::optional<Mailbox> reply_to;
  Mailbox to;
  std::string unsubscribe_url;
  std::string unsubscribe_mailto;
  std::string message_id;  // without angle brackets
  std::chrono::system_clock::time_point date;
};

struct MimeMessage {
  std::vector<std::pair<std::string, std::string>> headers;  // name, value (folded, no final CRLF)
  std::string body;                                          // everything after the blank line

  // Header lines, the blank line and the body.
  std::string to_bytes() const;
};

MimeMessage build_mime_message(const MessageHeaders& headers, const RenderedMessage& content,
                               const std::vector<LoadedAttachment>& attachments);

// "<32 hex digits>@domain": 128 random bits.
std::string make_message_id(std::string_view domain);

// A mailbox as it appears in From / To: "Name" <a@b.c>, or just <a@b.c>.
std::string format_mailbox(const Mailbox& mailbox);

}  // namespace send_notification
