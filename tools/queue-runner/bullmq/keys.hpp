// The names of a BullMQ queue's Redis keys: "<prefix>:<queue>:<suffix>", and a job's hash at
// "<prefix>:<queue>:<id>". The only place outside BullMQ's scripts that spells them.
#pragma once

#include <string>
#include <string_view>

namespace bullmq {

// BullMQ's prefix when the producer names none.
inline constexpr const char* k_default_prefix = "bull";

struct QueueKeys {
  std::string prefix;  // k_default_prefix unless the producer chose another
  std::string name;

  std::string base() const { return prefix + ":" + name + ":"; }  // BullMQ's "key prefix" argument
  std::string key(std::string_view suffix) const { return base() + std::string(suffix); }
  std::string job_key(std::string_view id) const { return key(id); }
  std::string job_logs_key(std::string_view id) const { return job_key(id) + ":logs"; }
};

// Queue names a producer can use: non-empty and without ':', which would make keys ambiguous
// (Queue.add refuses them too).
bool is_valid_queue_name(std::string_view name);

}  // namespace bullmq
