// Calling the embedded scripts by hash, so that Redis's script cache is shared with Node
// workers running the same BullMQ release.
#include "bullmq/scripts.hpp"

#include <cassert>

namespace bullmq {

jobkit::Result<jobkit::RedisReply> run_script(jobkit::RedisConnection& redis, Script script,
                                              const std::vector<std::string>& keys,
                                              const std::vector<std::string>& arguments) {
  const LuaScript& lua = k_scripts[static_cast<int>(script)];
  assert(static_cast<int>(keys.size()) == lua.key_count);
  const std::string key_count = std::to_string(keys.size());
  std::vector<std::string_view> command = {"EVALSHA", lua.sha1, key_count};
  command.insert(command.end(), keys.begin(), keys.end());
  command.insert(command.end(), arguments.begin(), arguments.end());
  auto reply = redis.command(command);
  if (reply.ok() || !reply.error().message.starts_with("NOSCRIPT")) return reply;
  if (auto loaded = redis.command({"SCRIPT", "LOAD", lua.text}); !loaded) return loaded.error();
  return redis.command(command);
}

}  // namespace bullmq
