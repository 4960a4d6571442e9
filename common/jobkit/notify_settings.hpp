// The "notify" object of a job whose result announces what it changed to contractors
// (calc-rankings' ranking-changed, calc-badges' badge-awarded): follow-up jobs for
// send-notification that queue-runner adds once the job has completed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "jobkit/json_fields.hpp"

namespace jobkit {

struct NotifySettings {
  std::string queue = "notifications";  // no ':' (BullMQ's key separator)
  nlohmann::json from;                   // send-notification's "from": {email, name?}, from an address or that object
  std::string profile_url;               // "{contractor_id}" is replaced by the contractor's id
  // Announcements per run: each is a follow-up job in the result, which queue-runner caps
  // (max_output_bytes, 1 MiB by default); one run can change tens of thousands.
  std::int64_t max = 1000;

  std::string profile_url_of(std::int64_t contractor_id) const;
  // How many of `candidates` announcements max leaves out.
  std::int64_t left_out(std::size_t candidates) const;
};

// {"queue", "from", "profile_url", "max"}; nullopt when the field is absent. Problems are
// reported at the field's pointer (/notify/queue, ...) as read_fields does.
std::optional<NotifySettings> read_notify_settings(JsonField field);

}  // namespace jobkit
