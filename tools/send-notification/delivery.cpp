// The shared delivery loop and the result it reports.
#include "delivery.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

namespace send_notification {
namespace {

// A recipient not delivered by this run, and why.
struct LeftRecipient {
  std::size_t index;
  std::string reason;
  int retry_after_seconds = -1;
};

nlohmann::json describe(const Recipient& recipient, const DeliveryOutcome& outcome) {
  nlohmann::json entry = {{"recipient", recipient.id}};
  if (!outcome.provider_id.empty()) entry["id"] = outcome.provider_id;
  if (outcome.provider_code != 0) entry["provider_code"] = outcome.provider_code;
  if (!outcome.message.empty()) entry["error"] = outcome.message;
  if (outcome.subscription_gone) entry["subscription_gone"] = true;
  entry.update(outcome.extra);
  return entry;
}

jobkit::JobError left_to_retry(const NotificationJob& job, const std::vector<LeftRecipient>& left,
                               const nlohmann::json& result) {
  const auto& first = left.front();
  auto error = jobkit::JobError::make(
      jobkit::ExitCode::temporary,
      std::to_string(left.size()) + " of " + std::to_string(job.recipients.size()) + " recipients left to retry (" +
          std::to_string(result["sent"].size()) + " sent, " + std::to_string(result["skipped"].size()) +
          " skipped, " + std::to_string(result["failed"].size()) + " failed permanently): " + first.reason,
      job.recipients[first.index].field);
  for (const auto& recipient : left) {
    error.retry_after_seconds = std::max(error.retry_after_seconds, recipient.retry_after_seconds);
    if (error.details.size() < 100) {
      const auto& named = job.recipients[recipient.index];
      error.details.push_back({named.field, "not delivered yet: " + named.id + ": " + recipient.reason});
    }
  }
  return error;
}

// The delivery loop's state for one job: the log, the result so far, the recipients left.
class Delivery {
 public:
  Delivery(const NotificationJob& job, std::optional<DeliveryLog> log)
      : m_job(job),
        m_log(std::move(log)),
        m_result({{"channel", channel_name(job.channel)},
                  {"sent", nlohmann::json::array()},
                  {"skipped", nlohmann::json::array()},
                  {"failed", nlohmann::json::array()}}) {}

  jobkit::Status deliver(std::size_t index, const SendFunction& send) {
    const auto& recipient = m_job.recipients[index];
    if (m_service_failure) {
      m_left.push_back({index, *m_service_failure});
      return jobkit::Done{};
    }
    if (m_log) {
      auto claim = m_log->claim(recipient.id);
      if (!claim) return claim.error();
      if (claim->state == ClaimState::delivered) {
        m_result["skipped"].push_back({{"recipient", recipient.id}, {"reason", "already delivered"}});
        return jobkit::Done{};
      }
      if (claim->state == ClaimState::claimed_elsewhere) {
        m_left.push_back({index, "another run of this job is sending to it", static_cast<int>(claim->seconds_left)});
        return jobkit::Done{};
      }
    }
    auto outcome = send(recipient, index);
    if (!outcome) {
      // The send's error is what the operator must see; a claim left behind expires.
      (void)release(recipient);
      return outcome.error();
    }
    if (outcome->status != DeliveryStatus::sent) {
      // Not accepted: the retry (or no one, for a permanent refusal) may claim it again.
      if (auto released = release(recipient); !released) return released.error();
    }
    if (outcome->status == DeliveryStatus::retry) {
      spdlog::warn("{}: left for a retry: {}", recipient.id, outcome->message);
      m_left.push_back({index, outcome->message, outcome->retry_after_seconds});
      if (outcome->affects_every_recipient) m_service_failure = outcome->message;
    } else if (outcome->status == DeliveryStatus::failed) {
      spdlog::warn("{}: permanently refused: {}", recipient.id, outcome->message);
      m_result["failed"].push_back(describe(recipient, outcome.value()));
    } else {
      if (m_log) {
        if (auto recorded = m_log->record_delivery(recipient.id); !recorded) return recorded.error();
      }
      m_result["sent"].push_back(describe(recipient, outcome.value()));
    }
    return jobkit::Done{};
  }

  jobkit::Result<nlohmann::json> finish() {
    spdlog::info("{}: {} sent, {} skipped, {} failed, {} left to retry", channel_name(m_job.channel),
                 m_result["sent"].size(), m_result["skipped"].size(), m_result["failed"].size(), m_left.size());
    if (!m_left.empty()) return left_to_retry(m_job, m_left, m_result);
    return m_result;
  }

 private:
  jobkit::Status release(const Recipient& recipient) {
    if (!m_log) return jobkit::Done{};
    return m_log->release(recipient.id);
  }

  const NotificationJob& m_job;
  std::optional<DeliveryLog> m_log;
  nlohmann::json m_result;
  std::vector<LeftRecipient> m_left;
  std::optional<std::string> m_service_failure;  // why every later recipient is left untried
};

}  // namespace

nlohmann::json describe_dry_run(const NotificationJob& job) {
  return {{"dry_run", true}, {"channel", channel_name(job.channel)}, {"recipients", job.recipients.size()}};
}

jobkit::Result<nlohmann::json> deliver_all(const NotificationJob& job, const jobkit::ToolContext& context,
                                           const NotificationSettings& settings, const SendFunction& send) {
  // The job's own idempotency key, else its queue job id, which a retry keeps.
  const std::string key = !job.idempotency_key.empty() ? job.idempotency_key : context.metadata.id.value_or("");
  auto log = DeliveryLog::open(context.environment, key, job.channel, settings.idempotency_ttl_seconds);
  if (!log) return log.error();
  Delivery delivery(job, std::move(log.value()));
  for (std::size_t index = 0; index < job.recipients.size(); ++index) {
    if (auto delivered = delivery.deliver(index, send); !delivered) return delivered.error();
    context.progress.report(static_cast<int>((index + 1) * 100 / job.recipients.size()));
  }
  return delivery.finish();
}

}  // namespace send_notification
