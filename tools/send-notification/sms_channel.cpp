// SMS through a Twilio-shaped API. Twilio error codes that mean "this number will never
// work" (invalid, unsubscribed with STOP, landline, unroutable) fail that recipient only;
// a refused login stops the job; 429 and 5xx leave the rest for the retry.
#include "sms_channel.hpp"

#include <algorithm>
#include <array>

#include "delivery.hpp"
#include "jobkit/http_client.hpp"
#include "message_templates.hpp"
#include "jobkit/base64.hpp"
#include "jobkit/percent_encoding.hpp"
#include "sms_segments.hpp"

namespace send_notification {
namespace {

struct SmsSettings {
  std::string messages_url;
  std::string authorization;  // "Basic ..."
  std::string from;           // a number, or empty when a messaging service is used
  std::string messaging_service_sid;
};

// Whether url is plain http to this machine, where the auth token never crosses a network.
bool is_loopback_http(std::string_view url) {
  if (!url.starts_with("http://")) return false;
  const auto rest = url.substr(7);
  for (const std::string_view host : {"127.0.0.1", "localhost", "[::1]"}) {
    if (rest.starts_with(host) && (rest.size() == host.size() || rest[host.size()] == ':' || rest[host.size()] == '/')) {
      return true;
    }
  }
  return false;
}

jobkit::Result<SmsSettings> read_sms_settings(const jobkit::EnvironmentLookup& environment) {
  const auto sid = environment("SMS_ACCOUNT_SID").value_or("");
  const auto token = environment("SMS_AUTH_TOKEN").value_or("");
  if (sid.empty() || token.empty()) {
    return jobkit::JobError::make(jobkit::ExitCode::usage, "SMS_ACCOUNT_SID and SMS_AUTH_TOKEN must be set");
  }
  SmsSettings settings;
  auto base = environment("SMS_API_URL").value_or("https://api.twilio.com");
  while (base.ends_with('/')) base.pop_back();
  if (!base.starts_with("https://") && !is_loopback_http(base)) {
    return jobkit::JobError::make(jobkit::ExitCode::usage,
                                  "SMS_API_URL must be an https URL (plain http only to 127.0.0.1, localhost or "
                                  "[::1]): the auth token is never sent in clear text",
                                  "env:SMS_API_URL");
  }
  settings.messages_url = base + "/2010-04-01/Accounts/" + sid + "/Messages.json";
  settings.authorization = "Basic " + jobkit::encode_base64(sid + ":" + token);
  settings.from = environment("SMS_FROM").value_or("");
  settings.messaging_service_sid = environment("SMS_MESSAGING_SERVICE_SID").value_or("");
  if (settings.from.empty() == settings.messaging_service_sid.empty()) {
    return jobkit::JobError::make(jobkit::ExitCode::usage, "set exactly one of SMS_FROM and SMS_MESSAGING_SERVICE_SID");
  }
  return settings;
}

// Twilio's codes for a number that will not work however often we try.
bool is_permanent_number_error(long code) {
  constexpr std::array<long, 6> codes = {21211, 21408, 21610, 21612, 21614, 21608};
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

jobkit::Result<DeliveryOutcome> interpret_sms_response(const jobkit::HttpResponse& response) {
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  const long code = body.is_object() && body.contains("code") && body["code"].is_number() ? body["code"].get<long>() : 0;
  const std::string message = body.is_object() && body.contains("message") && body["message"].is_string()
                                  ? body["message"].get<std::string>()
                                  : response.body.substr(0, 200);
  if (response.status == 200 || response.status == 201) {
    const auto sid = body.is_object() && body.contains("sid") && body["sid"].is_string() ? body["sid"].get<std::string>() : "";
    return DeliveryOutcome{.status = DeliveryStatus::sent, .provider_id = sid, .provider_code = response.status};
  }
  if (response.status == 401 || code == 20003) {
    return jobkit::JobError::make(jobkit::ExitCode::unavailable, "the SMS provider refused the credentials");
  }
  DeliveryOutcome outcome{.status = DeliveryStatus::retry, .provider_code = code != 0 ? code : response.status,
                          .message = "HTTP " + std::to_string(response.status) + ": " + message};
  if (jobkit::classify_http_status(response.status) == jobkit::HttpOutcome::temporary) {
    outcome.affects_every_recipient = true;  // one provider for every number
    if (const auto retry_after = response.header("retry-after")) {
      outcome.retry_after_seconds = jobkit::parse_retry_after(*retry_after, std::chrono::system_clock::now()).value_or(-1);
    }
    return outcome;
  }
  if (is_permanent_number_error(code) || response.status == 400 || response.status == 404) {
    outcome.status = DeliveryStatus::failed;
    return outcome;
  }
  return jobkit::JobError::make(jobkit::ExitCode::unavailable, "the SMS provider refused the request: " + outcome.message);
}

}  // namespace

jobkit::Result<nlohmann::json> send_sms(const NotificationJob& job, const jobkit::ToolContext& context,
                                        const NotificationSettings& notification_settings) {
  // The operator's settings first: a mistake there fails every job alike.
  auto settings = read_sms_settings(context.environment);
  if (!settings) return settings.error();
  auto messages = render_for_recipients(job, templates_folder(context.environment));
  if (!messages) return messages.error();
  std::vector<SmsSegments> segments;
  for (std::size_t i = 0; i < messages->size(); ++i) {
    segments.push_back(count_sms_segments(messages.value()[i].text));
    if (segments.back().characters > k_max_sms_characters) {
      return jobkit::JobError::make(jobkit::ExitCode::invalid_data,
                                    "the message has " + std::to_string(segments.back().characters) +
                                        " characters, more than the 1600 an SMS may have",
                                    job.recipients[i].field + "/data");
    }
  }
  if (context.mode == jobkit::RunMode::dry_run) return describe_dry_run(job);
  jobkit::HttpClient http;
  const auto send = [&](const Recipient& recipient, std::size_t index) -> jobkit::Result<DeliveryOutcome> {
    jobkit::HttpRequest request{.method = "POST", .url = settings->messages_url};
    request.headers = {{"Authorization", settings->authorization},
                       {"Content-Type", "application/x-www-form-urlencoded"}};
    request.body = "To=" + jobkit::percent_encode(recipient.phone) + "&Body=" + jobkit::percent_encode(messages.value()[index].text) +
                   (settings->from.empty() ? "&MessagingServiceSid=" + jobkit::percent_encode(settings->messaging_service_sid)
                                           : "&From=" + jobkit::percent_encode(settings->from));
    auto response = http.send(request);
    if (!response) {
      return DeliveryOutcome{
          .status = DeliveryStatus::retry, .message = response.error().message, .affects_every_recipient = true};
    }
    auto outcome = interpret_sms_response(response.value());
    if (outcome) {
      const auto& counted = segments[index];
      outcome->extra = {{"segments", counted.segments},
                        {"encoding", counted.encoding == SmsEncoding::gsm7 ? "GSM-7" : "UCS-2"}};
    }
    return outcome;
  };
  return deliver_all(job, context, notification_settings, send);
}

}  // namespace send_notification
