#include "bullmq/queue_activity.hpp"

#include <fmt/format.h>

#include "jobkit/base64.hpp"

namespace bullmq {

std::string worker_connection_name(const QueueKeys& keys, std::string_view worker_name) {
  std::string name = fmt::format("{}:{}", keys.prefix, jobkit::encode_base64(keys.name));
  if (!worker_name.empty()) name += fmt::format(":w:{}", worker_name);
  return name;
}

jobkit::Result<std::int64_t> completed_events_since(jobkit::RedisConnection& redis, const QueueKeys& keys,
                                                    std::int64_t since_ms, std::int64_t limit) {
  const std::string start = std::to_string(since_ms);
  const std::string count = std::to_string(limit);
  auto entries = redis.command({"XRANGE", keys.key("events"), start, "+", "COUNT", count});
  if (!entries) return entries.error();
  std::int64_t completed = 0;
  for (std::size_t i = 0; i < entries->value().size(); ++i) {
    // [id, [field, value, ...]]; the first field is always "event".
    const auto fields = entries->value().at(i).at(1);
    if (fields.size() >= 2 && fields.at(1).is_string() && fields.at(1).text() == "completed") ++completed;
  }
  return completed;
}

jobkit::Result<std::int64_t> connected_workers(jobkit::RedisConnection& redis, const QueueKeys& keys) {
  auto clients = redis.command({"CLIENT", "LIST"});
  if (!clients) return clients.error();
  const std::string unnamed = worker_connection_name(keys, "");
  const std::string named = unnamed + ":w:";
  std::int64_t workers = 0;
  std::string_view text = clients->value().is_string() ? clients->value().text() : std::string_view();
  // One client a line, "... name=<name> ..."; names hold no spaces.
  while (!text.empty()) {
    const auto end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    const auto at = line.find(" name=");
    if (at == std::string_view::npos) continue;
    std::string_view name = line.substr(at + 6);
    name = name.substr(0, name.find(' '));
    if (name == unnamed || name.starts_with(named)) ++workers;
  }
  return workers;
}

jobkit::Result<std::int64_t> count_waiting_ids_starting_with(jobkit::RedisConnection& redis, const QueueKeys& keys,
                                                             std::string_view id_prefix) {
  auto ids = redis.command({"LRANGE", keys.key("wait"), "0", "-1"});
  if (!ids) return ids.error();
  std::int64_t count = 0;
  for (std::size_t i = 0; i < ids->value().size(); ++i) {
    if (ids->value().at(i).is_string() && ids->value().at(i).text().starts_with(id_prefix)) ++count;
  }
  return count;
}

}  // namespace bullmq
