// The send-notification job, read from JSON into typed fields and checked completely
// (addresses, header text, sizes) before anything is sent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobkit/job_error.hpp"

namespace send_notification {

enum class Channel { email, sms, push };

inline constexpr std::size_t k_max_recipients = 1000;

struct Mailbox {
  std::string email;
  std::string name;  // display name, may be empty
};

struct PushSubscription {
  std::string endpoint;  // https URL of the push service
  std::string p256dh;    // base64url P-256 public key of the browser
  std::string auth;      // base64url 16-byte authentication secret
};

struct Recipient {
  std::string id;  // what the result and the idempotency key name: address, phone or endpoint
  Mailbox mailbox;
  std::string phone;  // E.164, for SMS
  PushSubscription subscription;
  nlohmann::json data;  // the job's shared data with this recipient's data merged over it
  std::string field;    // JSON Pointer of the recipient, for errors
};

struct Attachment {
  std::string path;  // relative to STORAGE_DIR
  std::string filename;
  std::string content_type;
  std::string field;
};

// Either a template from TEMPLATES_DIR or the parts given inline; both are Mustache.
struct Content {
  std::string template_name;  // empty when inline
  std::string subject;
  std::string text;
  std::string html;
};

struct NotificationJob {
  Channel channel = Channel::email;
  std::string idempotency_key;  // empty: JOB_ID is used, or none when neither is set
  Content content;
  Mailbox from;
  std::optional<Mailbox> reply_to;
  std::vector<Recipient> recipients;
  std::vector<Attachment> attachments;
  std::string unsubscribe_url;     // https URL for List-Unsubscribe (+ one-click Post)
  std::string unsubscribe_mailto;  // address for a mailto: List-Unsubscribe entry
  std::int64_t push_ttl_seconds = 86400;
  std::string push_urgency = "normal";
};

// Errors: invalid_data (65) naming every bad field.
jobkit::Result<NotificationJob> read_job(const nlohmann::json& document);

std::string_view channel_name(Channel channel);

}  // namespace send_notification
