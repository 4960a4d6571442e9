// The shared delivery loop and the result it reports.
#include "delivery.hpp"

#include <spdlog/spdlog.h>

namespace send_notification {
namespace {

nlohmann::json describe(const Recipient& recipient, const DeliveryOutcome& outcome) {
  nlohmann::json entry = {{"recipient", recipient.id}};
  if (!outcome.provider_id.empty()) entry["id"] = outcome.provider_id;
  if (outcome.provider_code != 0) entry["provider_code"] = outcome.provider_code;
  if (!outcome.message.empty()) entry["error"] = outcome.message;
  if (outcome.subscription_gone) entry["subscription_gone"] = true;
  entry.update(outcome.extra);
  return entry;
}

jobkit::JobError left_to_retry(const NotificationJob& job, std::size_t first_left, const DeliveryOutcome& cause,
                               const nlohmann::json& result) {
  const auto left = job.recipients.size() - first_left;
  auto error = jobkit::JobError::make(
      jobkit::ExitCode::temporary,
      std::to_string(left) + " of " + std::to_string(job.recipients.size()) + " recipients left to retry (" +
          std::to_string(result["sent"].size()) + " sent, " + std::to_string(result["skipped"].size()) +
          " skipped, " + std::to_string(result["failed"].size()) + " failed permanently): " + cause.message,
      job.recipients[first_left].field);
  error.retry_after_seconds = cause.retry_after_seconds;
  for (std::size_t i = first_left; i < job.recipients.size() && error.details.size() < 100; ++i) {
    error.details.push_back({job.recipients[i].field, "not delivered yet: " + job.recipients[i].id});
  }
  return error;
}

}  // namespace

nlohmann::json describe_dry_run(const NotificationJob& job) {
  return {{"dry_run", true}, {"channel", channel_name(job.channel)}, {"recipients", job.recipients.size()}};
}

jobkit::Result<nlohmann::json> deliver_all(const NotificationJob& job, const jobkit::ToolContext& context,
                                           const SendFunction& send) {
  // The job's own idempotency key, else its queue job id, which a retry keeps.
  const std::string key = !job.idempotency_key.empty() ? job.idempotency_key : context.metadata.id.value_or("");
  auto opened = DeliveryLog::open(context.environment, key, job.channel);
  if (!opened) return opened.error();
  auto& log = opened.value();
  nlohmann::json result = {{"channel", channel_name(job.channel)},
                           {"sent", nlohmann::json::array()},
                           {"skipped", nlohmann::json::array()},
                           {"failed", nlohmann::json::array()}};
  for (std::size_t index = 0; index < job.recipients.size(); ++index) {
    const auto& recipient = job.recipients[index];
    if (log) {
      auto delivered = log->already_delivered(recipient.id);
      if (!delivered) return delivered.error();
      if (delivered.value()) {
        result["skipped"].push_back({{"recipient", recipient.id}, {"reason", "already delivered"}});
        continue;
      }
    }
    auto outcome = send(recipient, index);
    if (!outcome) return outcome.error();
    if (outcome->status == DeliveryStatus::retry) return left_to_retry(job, index, outcome.value(), result);
    if (outcome->status == DeliveryStatus::failed) {
      spdlog::warn("{}: permanently refused: {}", recipient.id, outcome->message);
      result["failed"].push_back(describe(recipient, outcome.value()));
    } else {
      if (log) {
        if (auto recorded = log->record_delivery(recipient.id); !recorded) return recorded.error();
      }
      result["sent"].push_back(describe(recipient, outcome.value()));
    }
    context.progress.report(static_cast<int>((index + 1) * 100 / job.recipients.size()));
  }
  spdlog::info("{}: {} sent, {} skipped, {} failed", channel_name(job.channel), result["sent"].size(),
               result["skipped"].size(), result["failed"].size());
  return result;
}

}  // namespace send_notification
