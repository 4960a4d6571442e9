// Email: validation, attachments from STORAGE_DIR, per-recipient MIME messages, SMTP.
#include "email_channel.hpp"

#include <fstream>
#include <sstream>

#include "address.hpp"
#include "delivery.hpp"
#include "dkim.hpp"
#include "jobkit/storage.hpp"
#include "jobkit/whole_number.hpp"
#include "message_templates.hpp"
#include "mime_message.hpp"
#include "smtp_client.hpp"

namespace send_notification {
namespace {

constexpr std::uintmax_t k_default_max_attachment_bytes = 25 * 1024 * 1024;

// A limit the operator mistyped is a configuration error (64), never silently the default.
jobkit::Result<std::uintmax_t> max_attachment_bytes(const jobkit::EnvironmentLookup& environment) {
  const auto text = environment("NOTIFICATION_MAX_ATTACHMENT_BYTES");
  if (!text) return k_default_max_attachment_bytes;
  const auto parsed = jobkit::parse_whole_number<std::uintmax_t>(*text);
  if (!parsed || *parsed < 1) {
    return jobkit::JobError::make(jobkit::ExitCode::usage,
                                  "NOTIFICATION_MAX_ATTACHMENT_BYTES must be a positive number of bytes");
  }
  return *parsed;
}

jobkit::Result<LoadedAttachment> load_attachment(const Attachment& attachment, const jobkit::StorageRoot& storage,
                                                 std::uintmax_t max_bytes) {
  auto path = storage.resolve(attachment.path, attachment.field + "/path");
  if (!path) return path.error();
  std::error_code error;
  const auto size = std::filesystem::file_size(path.value(), error);
  if (error) {
    return jobkit::JobError::make(jobkit::ExitCode::missing_input, "attachment " + attachment.path + " does not exist",
                                  attachment.field + "/path");
  }
  if (size > max_bytes) {
    return jobkit::JobError::make(jobkit::ExitCode::invalid_data,
                                  "attachment " + attachment.path + " has " + std::to_string(size) +
                                      " bytes, more than the limit of " + std::to_string(max_bytes),
                                  attachment.field + "/path");
  }
  std::ifstream in(path.value(), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) return jobkit::JobError::make(jobkit::ExitCode::io_error, "cannot read attachment " + attachment.path);
  return LoadedAttachment{attachment.filename, attachment.content_type, bytes.str()};
}

jobkit::Result<std::vector<LoadedAttachment>> load_attachments(const NotificationJob& job,
                                                               const jobkit::EnvironmentLookup& environment) {
  std::vector<LoadedAttachment> loaded;
  if (job.attachments.empty()) return loaded;
  auto storage = jobkit::StorageRoot::from_environment(environment);
  if (!storage) return storage.error();
  const auto limit = max_attachment_bytes(environment);
  if (!limit) return limit.error();
  const std::uintmax_t max_bytes = limit.value();
  std::uintmax_t total = 0;
  for (const auto& attachment : job.attachments) {
    auto file = load_attachment(attachment, storage.value(), max_bytes);
    if (!file) return file.error();
    total += file->bytes.size();
    if (total > max_bytes) {
      return jobkit::JobError::make(jobkit::ExitCode::invalid_data,
                                    "the attachments together exceed the limit of " + std::to_string(max_bytes) + " bytes",
                                    "/attachments");
    }
    loaded.push_back(std::move(file.value()));
  }
  return loaded;
}

}  // namespace

jobkit::Result<nlohmann::json> send_email(const NotificationJob& job, const jobkit::ToolContext& context) {
  auto messages = render_for_recipients(job, templates_folder(context.environment));
  if (!messages) return messages.error();
  auto attachments = load_attachments(job, context.environment);
  if (!attachments) return attachments.error();
  auto signer = DkimSigner::from_environment(context.environment);
  if (!signer) return signer.error();
  const std::string domain(address_domain(job.from.email));
  auto settings = read_smtp_settings(context.environment, domain);
  if (!settings) return settings.error();
  if (context.mode == jobkit::RunMode::dry_run) {
    auto plan = describe_dry_run(job);
    plan["first_subject"] = messages->front().subject;
    return plan;
  }
  SmtpClient smtp(std::move(settings.value()));
  const auto send = [&](const Recipient& recipient, std::size_t index) -> jobkit::Result<DeliveryOutcome> {
    MessageHeaders headers{job.from, job.reply_to, recipient.mailbox, job.unsubscribe_url, job.unsubscribe_mailto,
                           make_message_id(domain), std::chrono::system_clock::now()};
    auto message = build_mime_message(headers, messages.value()[index], attachments.value());
    if (signer.value()) signer.value()->sign(message);
    auto sent = smtp.send(job.from.email, recipient.mailbox.email, message.to_bytes());
    if (!sent) return sent.error();
    const auto status = sent->outcome == SmtpOutcome::sent       ? DeliveryStatus::sent
                        : sent->outcome == SmtpOutcome::rejected ? DeliveryStatus::failed
                                                                 : DeliveryStatus::retry;
    return DeliveryOutcome{.status = status,
                           .provider_id = status == DeliveryStatus::sent ? "<" + headers.message_id + ">" : "",
                           .provider_code = sent->reply_code,
                           .message = sent->message};
  };
  return deliver_all(job, context, send);
}

}  // namespace send_notification
