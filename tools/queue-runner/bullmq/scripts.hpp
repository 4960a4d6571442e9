// BullMQ's own Lua scripts, embedded at build time (embed_bullmq_scripts.cmake), and the one
// function that runs them: EVALSHA, loading the script once when Redis answers NOSCRIPT.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "jobkit/redis_connection.hpp"

namespace bullmq {

struct LuaScript {
  const char* name;
  int key_count;
  const char* text;
  const char* sha1;
};

// In the order of BULLMQ_SCRIPTS in bullmq-package.cmake.
enum class Script {
  add_standard_job,
  add_delayed_job,
  add_prioritized_job,
  move_to_active,
  move_to_finished,
  move_to_delayed,
  retry_job,
  extend_locks,
  move_stalled_jobs_to_wait,
  update_progress,
  add_log,
  update_job_scheduler,
  move_job_from_active_to_wait,
  get_counts,
  remove_job,
  clean_jobs_in_set,
  add_job_scheduler,
  remove_job_scheduler,
};

extern const LuaScript k_scripts[];
extern const char* const k_version;  // the bullmq release the scripts come from

// Runs a script with its keys and arguments. Requires: keys.size() is the script's key
// count. Errors as RedisConnection::command.
jobkit::Result<jobkit::RedisReply> run_script(jobkit::RedisConnection& redis, Script script,
                                              const std::vector<std::string>& keys,
                                              const std::vector<std::string>& arguments);

}  // namespace bullmq
