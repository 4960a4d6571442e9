// Email: validation, attachments from STORAGE_DIR, per-recipient MIME messages, SMTP.
#include "email_channel.hpp"

#include <sys/stat.h>


#include "address.hpp"
#include "delivery.hpp"
#include "dkim.hpp"
#include "jobkit/file_descriptor.hpp"
#include "jobkit/storage.hpp"
#include "message_templates.hpp"
#include "mime_message.hpp"
#include "smtp_client.hpp"

namespace send_notification {
namespace {

// Opened beneath STORAGE_DIR's descriptor, never through a link, and read from that
// descriptor: what is checked is what is sent, whatever happens to the folders meanwhile.
jobkit::Result<LoadedAttachment> load_attachment(const Attachment& attachment, const jobkit::StorageRoot& storage,
                                                 std::uintmax_t max_bytes) {
  const std::string field = attachment.field + "/path";
  auto file = storage.open_for_reading(attachment.path, field);
  if (!file) return file.error();
  auto bytes = jobkit::read_up_to(file->get(), static_cast<std::size_t>(max_bytes));
  if (!bytes) return jobkit::JobError::make(jobkit::ExitCode::io_error, "cannot read attachment " + attachment.path, field);
  if (bytes->size() > max_bytes) {
    struct stat status {};
    const auto size = ::fstat(file->get(), &status) == 0 ? static_cast<std::uintmax_t>(status.st_size) : bytes->size();
    return jobkit::JobError::make(jobkit::ExitCode::invalid_data,
                                  "attachment " + attachment.path + " has " + std::to_string(size) +
                                      " bytes, more than the limit of " + std::to_string(max_bytes),
                                  field);
  }
  return LoadedAttachment{attachment.filename, attachment.content_type, std::move(bytes.value())};
}

jobkit::Result<std::vector<LoadedAttachment>> load_attachments(const NotificationJob& job,
                                                               const jobkit::EnvironmentLookup& environment,
                                                               std::uintmax_t max_bytes) {
  std::vector<LoadedAttachment> loaded;
  if (job.attachments.empty()) return loaded;
  auto storage = jobkit::StorageRoot::from_environment(environment);
  if (!storage) return storage.error();
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

jobkit::Result<nlohmann::json> send_email(const NotificationJob& job, const jobkit::ToolContext& context,
                                          const NotificationSettings& notification_settings) {
  // The operator's settings first: a mistake there fails every job alike.
  const std::string domain(address_domain(job.from.email));
  auto settings = read_smtp_settings(context.environment, domain);
  if (!settings) return settings.error();
  auto signer = DkimSigner::from_environment(context.environment);
  if (!signer) return signer.error();
  auto messages = render_for_recipients(job, templates_folder(context.environment));
  if (!messages) return messages.error();
  auto attachments = load_attachments(job, context.environment, notification_settings.max_attachment_bytes);
  if (!attachments) return attachments.error();
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
                           .message = sent->message,
                           .affects_every_recipient = sent->outcome == SmtpOutcome::server_failed};
  };
  return deliver_all(job, context, notification_settings, send);
}

}  // namespace send_notification
