// Dispatch by channel.
#include "send_notification.hpp"

#include "email_channel.hpp"
#include "job.hpp"
#include "push_channel.hpp"
#include "sms_channel.hpp"

namespace send_notification {

jobkit::Result<nlohmann::json> run_job(const nlohmann::json& document, const jobkit::ToolContext& context,
                                       const Options& /*options*/) {
  auto job = read_job(document);
  if (!job) return job.error();
  if (job->channel == Channel::sms) return send_sms(job.value(), context);
  if (job->channel == Channel::push) return send_push(job.value(), context);
  return send_email(job.value(), context);
}

}  // namespace send_notification
