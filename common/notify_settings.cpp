#include "jobkit/notify_settings.hpp"

#include <algorithm>
#include <string_view>

#include "jobkit/email_address.hpp"

namespace jobkit {

std::string NotifySettings::profile_url_of(std::int64_t contractor_id) const {
  constexpr std::string_view placeholder = "{contractor_id}";
  const std::string value = std::to_string(contractor_id);
  std::string url = profile_url;
  for (auto at = url.find(placeholder); at != std::string::npos; at = url.find(placeholder, at + value.size())) {
    url.replace(at, placeholder.size(), value);
  }
  return url;
}

std::int64_t NotifySettings::left_out(std::size_t candidates) const {
  return std::max<std::int64_t>(0, static_cast<std::int64_t>(candidates) - max);
}

std::optional<NotifySettings> read_notify_settings(JsonField field) {
  if (!field.present()) return std::nullopt;
  JsonObject object = field.as_object();
  NotifySettings notify;
  JsonField queue = object.optional("queue");
  notify.queue = queue.string_or(notify.queue, {.min_length = 1, .max_length = 200});
  if (notify.queue.find(':') != std::string::npos) queue.reject("must not contain ':'");
  // send-notification takes the sender as a mailbox object and refuses anything else, so the
  // follow-up jobs get one: checked here by the same rules, so that a sender it would refuse
  // fails this run at /notify/from instead of every announcement later.
  JsonField from = object.required("from");
  if (from.present() && from.json().is_string()) {
    notify.from = {{"email", read_email_address(from)}};
  } else if (from.present()) {
    JsonObject mailbox = from.as_object();
    notify.from = mailbox_json(read_mailbox_members(mailbox));
  }
  notify.profile_url = object.required("profile_url").as_string({.min_length = 1, .max_length = 2000});
  notify.max = object.optional("max").integer_or(notify.max, {.min = 0, .max = 100000});
  return notify;
}

}  // namespace jobkit
