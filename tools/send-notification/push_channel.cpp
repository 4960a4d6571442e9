// Web push delivery: VAPID, encryption with a fresh key and salt per message, and the
// push service's answer mapped onto the delivery outcomes.
#include "push_channel.hpp"

#include <fstream>
#include <sstream>

#include "delivery.hpp"
#include "jobkit/base64.hpp"
#include "jobkit/http_client.hpp"
#include "jobkit/random.hpp"
#include "message_templates.hpp"
#include "web_push_crypto.hpp"

namespace send_notification {
namespace {

constexpr auto k_vapid_lifetime = std::chrono::hours(12);

struct PushSettings {
  std::optional<jobkit::EcKey> vapid_key;
  std::string subject;  // mailto: or https: contact for the push service's operators
};

jobkit::Result<PushSettings> read_push_settings(const jobkit::EnvironmentLookup& environment) {
  const auto file = environment("VAPID_PRIVATE_KEY_FILE").value_or("");
  PushSettings settings;
  settings.subject = environment("VAPID_SUBJECT").value_or("");
  if (file.empty() || settings.subject.empty()) {
    return jobkit::JobError::make(jobkit::ExitCode::usage, "VAPID_PRIVATE_KEY_FILE and VAPID_SUBJECT must be set");
  }
  if (!settings.subject.starts_with("mailto:") && !settings.subject.starts_with("https://")) {
    return jobkit::JobError::make(jobkit::ExitCode::usage, "VAPID_SUBJECT must be a mailto: or https: URL");
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream pem;
  pem << in.rdbuf();
  settings.vapid_key = jobkit::EcKey::from_pem(pem.str());
  if (!settings.vapid_key) {
    return jobkit::JobError::make(jobkit::ExitCode::usage, "VAPID_PRIVATE_KEY_FILE must hold a P-256 private key (PEM)");
  }
  return settings;
}

std::string endpoint_origin(std::string_view endpoint) {
  const auto authority = endpoint.find("://") + 3;
  return std::string(endpoint.substr(0, endpoint.find('/', authority)));
}

DeliveryOutcome interpret_push_response(const jobkit::HttpResponse& response) {
  DeliveryOutcome outcome{.provider_code = response.status};
  if (response.status >= 200 && response.status < 300) {
    outcome.provider_id = response.header("location").value_or("");
    return outcome;
  }
  outcome.message = "push service answered " + std::to_string(response.status) + ": " + response.body.substr(0, 200);
  if (jobkit::classify_http_status(response.status) == jobkit::HttpOutcome::temporary) {
    outcome.status = DeliveryStatus::retry;
    // Most subscriptions share a few push services: a 429 or 5xx from one is left for the
    // retry with the rest rather than tried on every subscription.
    outcome.affects_every_recipient = true;
    if (const auto retry_after = response.header("retry-after")) {
      outcome.retry_after_seconds = jobkit::parse_retry_after(*retry_after, std::chrono::system_clock::now()).value_or(-1);
    }
    return outcome;
  }
  outcome.status = DeliveryStatus::failed;
  outcome.subscription_gone = response.status == 404 || response.status == 410;
  return outcome;
}

// Push services are https; plain http only to 127.0.0.1 and only when the operator sets
// WEB_PUSH_ALLOW_HTTP_LOOPBACK=1 (local fakes in tests), so job data cannot aim the tool at
// a plain-http service inside the network.
jobkit::Status check_endpoint(const Recipient& recipient, const jobkit::EnvironmentLookup& environment) {
  const auto& endpoint = recipient.subscription.endpoint;
  if (endpoint.starts_with("https://")) return jobkit::Done{};
  if (environment("WEB_PUSH_ALLOW_HTTP_LOOPBACK").value_or("") == "1" && endpoint.starts_with("http://127.0.0.1:")) {
    return jobkit::Done{};
  }
  return jobkit::JobError::make(jobkit::ExitCode::invalid_data, "push endpoints must be https URLs",
                                recipient.field + "/subscription/endpoint");
}

// The subscription's keys, decoded; the field names the bad one.
jobkit::Status decode_subscription(const Recipient& recipient, std::string& ua_public, std::string& auth_secret) {
  auto p256dh = jobkit::decode_base64(recipient.subscription.p256dh);
  if (!p256dh || !jobkit::EcKey::from_public_point(*p256dh)) {
    return jobkit::JobError::make(jobkit::ExitCode::invalid_data, "is not a base64url P-256 public key",
                                  recipient.field + "/subscription/keys/p256dh");
  }
  auto auth = jobkit::decode_base64(recipient.subscription.auth);
  if (!auth || auth->size() != 16) {
    return jobkit::JobError::make(jobkit::ExitCode::invalid_data, "is not a base64url 16-byte secret",
                                  recipient.field + "/subscription/keys/auth");
  }
  ua_public = std::move(*p256dh);
  auth_secret = std::move(*auth);
  return jobkit::Done{};
}

}  // namespace

std::string vapid_authorization(const jobkit::EcKey& key, std::string_view endpoint, std::string_view subject,
                                std::chrono::system_clock::time_point now) {
  const auto expires = std::chrono::duration_cast<std::chrono::seconds>((now + k_vapid_lifetime).time_since_epoch());
  const nlohmann::json header = {{"typ", "JWT"}, {"alg", "ES256"}};
  const nlohmann::json claims = {{"aud", endpoint_origin(endpoint)}, {"exp", expires.count()}, {"sub", subject}};
  const auto signing_input = jobkit::encode_base64url(header.dump()) + "." + jobkit::encode_base64url(claims.dump());
  const auto token = signing_input + "." + jobkit::encode_base64url(key.sign_es256(signing_input));
  return "vapid t=" + token + ", k=" + jobkit::encode_base64url(key.public_point());
}

jobkit::Result<nlohmann::json> send_push(const NotificationJob& job, const jobkit::ToolContext& context,
                                         const NotificationSettings& notification_settings) {
  // The operator's settings first: a mistake there fails every job alike.
  auto settings = read_push_settings(context.environment);
  if (!settings) return settings.error();
  auto messages = render_for_recipients(job, templates_folder(context.environment));
  if (!messages) return messages.error();
  std::vector<std::string> payloads;
  std::vector<std::pair<std::string, std::string>> keys;  // p256dh point, auth secret
  for (std::size_t i = 0; i < job.recipients.size(); ++i) {
    const auto& message = messages.value()[i];
    payloads.push_back(nlohmann::json{{"title", message.subject}, {"body", message.text}}.dump());
    if (payloads.back().size() > k_max_web_push_plaintext) {
      return jobkit::JobError::make(jobkit::ExitCode::invalid_data,
                                    "the push message has " + std::to_string(payloads.back().size()) +
                                        " bytes, more than the 3993 one record can carry",
                                    job.recipients[i].field + "/data");
    }
    if (auto allowed = check_endpoint(job.recipients[i], context.environment); !allowed) return allowed.error();
    auto& [ua_public, auth_secret] = keys.emplace_back();
    if (auto decoded = decode_subscription(job.recipients[i], ua_public, auth_secret); !decoded) return decoded.error();
  }
  if (context.mode == jobkit::RunMode::dry_run) return describe_dry_run(job);
  jobkit::HttpClient http;
  const auto send = [&](const Recipient& recipient, std::size_t index) -> jobkit::Result<DeliveryOutcome> {
    const auto as_key = jobkit::EcKey::generate();
    auto body = encrypt_web_push(payloads[index], keys[index].first, keys[index].second, as_key, jobkit::random_bytes(16));
    if (!body) return jobkit::JobError::make(jobkit::ExitCode::internal, "web push encryption failed");
    jobkit::HttpRequest request{.method = "POST", .url = recipient.subscription.endpoint, .body = std::move(*body)};
    request.headers = {
        {"Authorization", vapid_authorization(*settings->vapid_key, recipient.subscription.endpoint, settings->subject,
                                              std::chrono::system_clock::now())},
        {"Content-Encoding", "aes128gcm"},
        {"Content-Type", "application/octet-stream"},
        {"TTL", std::to_string(job.push_ttl_seconds)},
        {"Urgency", job.push_urgency}};
    auto response = http.send(request);
    if (!response) {
      return DeliveryOutcome{
          .status = DeliveryStatus::retry, .message = response.error().message, .affects_every_recipient = true};
    }
    return interpret_push_response(response.value());
  };
  return deliver_all(job, context, notification_settings, send);
}

}  // namespace send_notification
