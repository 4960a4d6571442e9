// Reading the job: one small reader per part, each recording problems under its pointer.
#include "job.hpp"

#include <algorithm>
#include <regex>

#include "address.hpp"
#include "jobkit/json_fields.hpp"

namespace send_notification {
namespace {

using jobkit::JsonField;
using jobkit::JsonObject;

constexpr std::size_t k_max_subject_bytes = 998;
constexpr std::size_t k_max_body_bytes = 1024 * 1024;

// The shared rules (common/), which render-pdf's notify follows too.
using jobkit::read_header_text;
std::string read_address(const JsonField& field) { return jobkit::read_email_address(field); }

Mailbox read_mailbox(JsonObject object) {
  Mailbox mailbox;
  mailbox.email = read_address(object.required("email"));
  mailbox.name = read_header_text(object.optional("name"), 200);
  return mailbox;
}

std::string read_phone(const JsonField& field) {
  auto phone = field.as_string({.min_length = 1, .max_length = 16});
  static const std::regex e164("\\+[1-9][0-9]{7,14}");
  if (field.present() && !phone.empty() && !std::regex_match(phone, e164)) {
    field.reject("must be an E.164 number such as +4915112345678");
  }
  return phone;
}

PushSubscription read_subscription(JsonObject object) {
  PushSubscription subscription;
  const auto endpoint = object.required("endpoint");
  subscription.endpoint = endpoint.as_string({.min_length = 1, .max_length = 2048});
  // Plain http is refused later unless the operator allows it for a local test service.
  if (endpoint.present() && !subscription.endpoint.starts_with("https://") &&
      !subscription.endpoint.starts_with("http://")) {
    endpoint.reject("must be an https URL");
  }
  // curl would refuse such a URL only when sending, as a failure to retry, and a NUL would
  // cut it short: a browser's endpoint is printable ASCII (anything else percent-encoded).
  const auto unprintable = std::find_if(subscription.endpoint.begin(), subscription.endpoint.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte <= 0x20 || byte >= 0x7f;
  });
  if (unprintable != subscription.endpoint.end()) {
    endpoint.reject("may not contain spaces, line breaks, control or non-ASCII characters (percent-encode them)");
  }
  auto keys = object.required("keys").as_object();
  subscription.p256dh = keys.required("p256dh").as_string({.min_length = 80, .max_length = 100});
  subscription.auth = keys.required("auth").as_string({.min_length = 16, .max_length = 32});
  return subscription;
}

nlohmann::json merge_data(const nlohmann::json& shared, const JsonField& own) {
  nlohmann::json data = shared.is_object() ? shared : nlohmann::json::object();
  if (!own.present()) return data;
  if (!own.json().is_object()) {
    own.reject("must be an object");
    return data;
  }
  for (const auto& [key, value] : own.json().items()) data[key] = value;
  return data;
}

Recipient read_recipient(const JsonField& item, Channel channel, const nlohmann::json& shared_data) {
  Recipient recipient;
  recipient.field = item.pointer();
  auto object = item.as_object();
  recipient.data = merge_data(shared_data, object.optional("data"));
  if (channel == Channel::email) {
    recipient.mailbox.email = read_address(object.required("email"));
    recipient.mailbox.name = read_header_text(object.optional("name"), 200);
    recipient.id = recipient.mailbox.email;
  } else if (channel == Channel::sms) {
    recipient.phone = read_phone(object.required("phone"));
    recipient.id = recipient.phone;
  } else {
    recipient.subscription = read_subscription(object.required("subscription").as_object());
    recipient.id = recipient.subscription.endpoint;
  }
  return recipient;
}

Attachment read_attachment(const JsonField& item) {
  Attachment attachment;
  attachment.field = item.pointer();
  auto object = item.as_object();
  attachment.path = object.required("path").as_string({.min_length = 1, .max_length = 1024});
  attachment.filename = read_header_text(object.optional("filename"), 200);
  if (attachment.filename.empty()) attachment.filename = attachment.path.substr(attachment.path.rfind('/') + 1);
  const auto type = object.optional("content_type");
  attachment.content_type = type.string_or("application/octet-stream", {.max_length = 100});
  static const std::regex mime_type("[a-z0-9.+-]+/[a-z0-9.+-]+");
  if (!std::regex_match(attachment.content_type, mime_type)) type.reject("must be a MIME type such as application/pdf");
  return attachment;
}

Content read_content(JsonObject& root) {
  Content content;
  const auto name = root.optional("template");
  if (name.present()) {
    content.template_name = name.as_string({.min_length = 1, .max_length = 100});
    static const std::regex template_name("[a-z0-9][a-z0-9-]*");
    if (!std::regex_match(content.template_name, template_name)) name.reject("must be a template name such as pdf-ready");
  }
  const auto inline_content = root.optional("content");
  if (inline_content.present() == name.present()) {
    root.required("template").reject("give exactly one of \"template\" and \"content\"");
    return content;
  }
  if (!inline_content.present()) return content;
  auto parts = inline_content.as_object();
  content.subject = parts.optional("subject").as_string({.max_length = k_max_subject_bytes});
  content.text = parts.required("text").as_string({.min_length = 1, .max_length = k_max_body_bytes});
  content.html = parts.optional("html").as_string({.max_length = k_max_body_bytes});
  return content;
}

Channel read_channel(const JsonField& field) {
  const auto name = field.string_or("email");
  if (name == "sms") return Channel::sms;
  if (name == "push") return Channel::push;
  if (name != "email") field.reject("must be email, sms or push");
  return Channel::email;
}

void read_email_options(JsonObject& root, NotificationJob& job) {
  if (job.channel != Channel::email) return;
  const auto from = root.optional("from");
  if (!from.present()) {
    root.required("from");
  } else {
    job.from = read_mailbox(from.as_object());
  }
  if (const auto reply_to = root.optional("reply_to"); reply_to.present()) job.reply_to = read_mailbox(reply_to.as_object());
  for (const auto& item : root.optional("attachments").as_array(10)) job.attachments.push_back(read_attachment(item));
  if (const auto unsubscribe = root.optional("list_unsubscribe"); unsubscribe.present()) {
    auto object = unsubscribe.as_object();
    const auto url = object.optional("url");
    job.unsubscribe_url = read_header_text(url, 1000);
    if (url.present() && !job.unsubscribe_url.starts_with("https://")) url.reject("must be an https URL");
    if (job.unsubscribe_url.find_first_of("<>, ") != std::string::npos) url.reject("may not contain <, >, comma or space");
    job.unsubscribe_mailto = read_address(object.optional("mailto"));
  }
}

void read_push_options(JsonObject& root, NotificationJob& job) {
  job.push_ttl_seconds = root.optional("ttl_seconds").integer_or(86400, {0, 28 * 86400});
  const auto urgency = root.optional("urgency");
  job.push_urgency = urgency.string_or("normal");
  if (job.push_urgency != "very-low" && job.push_urgency != "low" && job.push_urgency != "normal" &&
      job.push_urgency != "high") {
    urgency.reject("must be very-low, low, normal or high");
  }
}

}  // namespace

std::string_view channel_name(Channel channel) {
  switch (channel) {
    case Channel::sms: return "sms";
    case Channel::push: return "push";
    default: return "email";
  }
}

jobkit::Result<NotificationJob> read_job(const nlohmann::json& document) {
  return jobkit::read_fields<NotificationJob>(document, [](JsonObject& root) {
    NotificationJob job;
    job.channel = read_channel(root.optional("channel"));
    job.idempotency_key = read_header_text(root.optional("idempotency_key"), 200);
    job.content = read_content(root);
    const auto data = root.optional("data");
    if (data.present() && !data.json().is_object()) data.reject("must be an object");
    const auto shared = data.present() ? data.json() : nlohmann::json::object();
    read_email_options(root, job);
    if (job.channel == Channel::push) read_push_options(root, job);
    const auto recipients = root.required("recipients");
    for (const auto& item : recipients.as_array(k_max_recipients)) {
      job.recipients.push_back(read_recipient(item, job.channel, shared));
    }
    if (recipients.present() && job.recipients.empty()) recipients.reject("must name at least one recipient");
    return job;
  });
}

}  // namespace send_notification
