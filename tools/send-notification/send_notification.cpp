// Dispatch by channel.
#include "send_notification.hpp"

#include "email_channel.hpp"
#include "job.hpp"
#include "notification_settings.hpp"
#include "push_channel.hpp"
#include "sms_channel.hpp"

namespace send_notification {

jobkit::Result<nlohmann::json> run_job(const nlohmann::json& document, const jobkit::ToolContext& context,
                                       const Options& /*options*/) {
  // Settings before the job: an operator's typo fails every job with 64, whatever it holds.
  auto settings = read_notification_settings(context.environment);
  if (!settings) return settings.error();
  auto job = read_job(document);
  if (!job) return job.error();
  if (job->channel == Channel::sms) return send_sms(job.value(), context, settings.value());
  if (job->channel == Channel::push) return send_push(job.value(), context, settings.value());
  return send_email(job.value(), context, settings.value());
}

}  // namespace send_notification
