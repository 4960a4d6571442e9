#include "script_batch.hpp"

namespace calc_rankings {
namespace {

// ZADD and ZREM get at most 500 pairs or 1000 ids at a time (Lua's unpack has a stack limit
// of about 8000 values).
constexpr std::string_view k_write_sets_script = R"lua(
local a = 1
for _, key in ipairs(KEYS) do
  local replace = ARGV[a] == '1'; local adds = tonumber(ARGV[a + 1]); local removes = tonumber(ARGV[a + 2])
  a = a + 3
  if replace then redis.call('DEL', key) end
  local done = 0
  while done < adds do
    local args = {}
    local chunk = math.min(500, adds - done)
    for j = 1, chunk do args[2 * j - 1] = ARGV[a]; args[2 * j] = ARGV[a + 1]; a = a + 2 end
    redis.call('ZADD', key, unpack(args))
    done = done + chunk
  end
  done = 0
  while done < removes do
    local args = {}
    local chunk = math.min(1000, removes - done)
    for j = 1, chunk do args[j] = ARGV[a]; a = a + 1 end
    redis.call('ZREM', key, unpack(args))
    done = done + chunk
  end
end
return #KEYS
)lua";

}  // namespace

jobkit::Status ScriptBatch::add_key(const std::string& key) {
  m_keys.push_back(key);
  return m_arguments.size() >= m_arguments_per_call ? flush() : jobkit::Status(jobkit::Done{});
}

jobkit::Status ScriptBatch::flush() {
  if (m_keys.empty()) return jobkit::Done{};
  const std::string key_count = std::to_string(m_keys.size());
  std::vector<std::string_view> command{"EVAL", k_write_sets_script, key_count};
  command.insert(command.end(), m_keys.begin(), m_keys.end());
  command.insert(command.end(), m_arguments.begin(), m_arguments.end());
  auto sent = m_redis.command(command);
  m_keys.clear();
  m_arguments.clear();
  if (!sent) return sent.error();
  return jobkit::Done{};
}

}  // namespace calc_rankings
