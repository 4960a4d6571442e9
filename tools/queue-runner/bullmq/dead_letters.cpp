// Dead-letter entries as jobs of an ordinary BullMQ queue: written with addJob, read from
// the job hashes of its wait list, removed with removeJob.
#include "bullmq/dead_letters.hpp"

#include <fmt/format.h>

namespace bullmq {
namespace {

using jobkit::ExitCode;
using jobkit::JobError;
using jobkit::RedisConnection;

using Json = nlohmann::ordered_json;

template <typename T>
T member_or(const Json& entry, const char* name, T fallback) {
  const auto found = entry.find(name);
  if (found == entry.end()) return fallback;
  if constexpr (std::is_same_v<T, std::string>) {
    return found->is_string() ? found->get<std::string>() : fallback;
  } else {
    return found->is_number_integer() ? found->get<T>() : fallback;
  }
}

// Options of the failed job that must not follow it into a retry: its old id, its delay and
// the scheduler bookkeeping (a retry is a one-off job).
void drop_stale_options(Json& opts) {
  for (const char* stale : {"jobId", "delay", "repeat", "repeatJobKey", "prevMillis", "timestamp"}) opts.erase(stale);
}

}  // namespace

Json to_json(const DeadLetter& letter) {
  return {
      {"queue", letter.queue},
      {"job_id", letter.job_id},
      {"name", letter.name},
      {"data", letter.data},
      {"opts", letter.opts},
      {"failed_reason", letter.failed_reason},
      {"attempts_made", letter.attempts_made},
      {"exit_code", letter.exit_code ? Json(*letter.exit_code) : Json(nullptr)},
      {"signal", letter.signal ? Json(*letter.signal) : Json(nullptr)},
      {"log_tail", letter.log_tail},
      {"failed_at", letter.failed_at},
  };
}

DeadLetter dead_letter_from_json(const Json& entry) {
  DeadLetter letter;
  letter.queue = member_or<std::string>(entry, "queue", "");
  letter.job_id = member_or<std::string>(entry, "job_id", "");
  letter.name = member_or<std::string>(entry, "name", "");
  letter.data = entry.value("data", Json::object());
  letter.opts = entry.value("opts", Json::object());
  if (!letter.opts.is_object()) letter.opts = Json::object();
  letter.failed_reason = member_or<std::string>(entry, "failed_reason", "");
  letter.attempts_made = member_or<std::int64_t>(entry, "attempts_made", 0);
  if (const auto code = entry.find("exit_code"); code != entry.end() && code->is_number_integer()) {
    letter.exit_code = code->get<int>();
  }
  if (const auto signal = entry.find("signal"); signal != entry.end() && signal->is_string()) {
    letter.signal = signal->get<std::string>();
  }
  if (const auto tail = entry.find("log_tail"); tail != entry.end() && tail->is_array()) {
    for (const auto& line : *tail) {
      if (line.is_string()) letter.log_tail.push_back(line.get<std::string>());
    }
  }
  letter.failed_at = member_or<std::int64_t>(entry, "failed_at", 0);
  return letter;
}

Json to_summary_json(const StoredDeadLetter& stored) {
  const DeadLetter& letter = stored.letter;
  return {{"id", stored.id},
          {"queue", letter.queue},
          {"job_id", letter.job_id},
          {"name", letter.name},
          {"failed_at", letter.failed_at},
          {"failed_reason", letter.failed_reason}};
}

std::string DeadLetterQueue::entry_id(std::string_view queue, std::string_view job_id) {
  return fmt::format("dlq:{}:{}", queue, job_id);
}

jobkit::Status DeadLetterQueue::write(RedisConnection& redis, const DeadLetter& letter) const {
  // The entry's job is named after the queue the job failed on, so dashboards group them.
  NewJob entry{letter.queue, to_json(letter).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
               {{"jobId", entry_id(letter.queue, letter.job_id)}}};
  if (auto added = m_queue.add_job(redis, entry); !added) return added.error();
  return jobkit::Done{};
}

jobkit::Status DeadLetterQueue::withdraw(RedisConnection& redis, std::string_view queue,
                                         std::string_view job_id) const {
  if (auto removed = m_queue.remove_job(redis, entry_id(queue, job_id)); !removed) return removed.error();
  return jobkit::Done{};
}

jobkit::Result<StoredDeadLetter> DeadLetterQueue::show(RedisConnection& redis, const std::string& id) const {
  auto reply = redis.command({"HGET", m_queue.keys().job_key(id), "data"});
  if (!reply) return reply.error();
  if (!reply->value().is_string()) {
    return JobError::make(ExitCode::missing_input, fmt::format("no dead-letter entry {} in {}", id, name()));
  }
  const auto entry = Json::parse(reply->value().text(), nullptr, false);
  if (!entry.is_object()) return JobError::make(ExitCode::invalid_data, fmt::format("entry {} is not a JSON object", id));
  return StoredDeadLetter{id, dead_letter_from_json(entry)};
}

jobkit::Result<std::vector<StoredDeadLetter>> DeadLetterQueue::list(RedisConnection& redis) const {
  auto ids = redis.command({"LRANGE", m_queue.keys().key("wait"), "0", "-1"});
  if (!ids) return ids.error();
  std::vector<StoredDeadLetter> letters;
  for (std::size_t i = 0; i < ids->value().size(); ++i) {
    auto letter = show(redis, std::string(ids->value().at(i).text()));
    if (letter) letters.push_back(std::move(letter.value()));
  }
  return letters;
}

jobkit::Result<std::int64_t> DeadLetterQueue::count(RedisConnection& redis) const {
  auto waiting = redis.command({"LLEN", m_queue.keys().key("wait")});
  if (!waiting) return waiting.error();
  return waiting->value().integer();
}

jobkit::Result<std::string> DeadLetterQueue::retry(RedisConnection& redis, const std::string& id,
                                                   const std::optional<std::string>& data) const {
  auto stored = show(redis, id);
  if (!stored) return stored.error();
  const DeadLetter& letter = stored->letter;
  if (!is_valid_queue_name(letter.queue)) {
    return JobError::make(ExitCode::invalid_data,
                          fmt::format("entry {} names no valid queue (\"{}\": empty or with ':')", id, letter.queue),
                          "/queue");
  }
  Json opts = letter.opts;
  drop_stale_options(opts);
  // Linked to the entry by its id, so the retry can be traced back to what failed.
  opts["jobId"] = fmt::format("{}-retry-{}", id, now_ms());
  const std::string job_data = data ? *data : letter.data.dump();
  // NewJob's options are read by key only, so their order is of no account there.
  auto added = Queue(m_queue.keys().prefix, letter.queue).add_job(redis, {letter.name, job_data, nlohmann::json(opts)});
  if (!added) return added.error();
  (void)redis.command({"RPUSH", m_queue.keys().job_logs_key(id), fmt::format("retried as {}/{}", letter.queue, added.value())});
  return added.value();
}

jobkit::Result<int> DeadLetterQueue::purge(RedisConnection& redis, std::int64_t cutoff_ms) const {
  auto letters = list(redis);
  if (!letters) return letters.error();
  int removed = 0;
  for (const auto& stored : letters.value()) {
    if (stored.letter.failed_at > cutoff_ms) continue;
    if (auto gone = m_queue.remove_job(redis, stored.id); gone && gone.value()) ++removed;
  }
  return removed;
}

}  // namespace bullmq
