// What an operator's view of a queue needs besides its counts: how long the job next in
// line has been ready, how many jobs completed lately, and how many workers are connected.
// Reads only; each function costs one or two Redis calls, so a view refreshing every second
// stays cheap.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bullmq/keys.hpp"
#include "jobkit/job_error.hpp"
#include "jobkit/redis_connection.hpp"

namespace bullmq {

// The name a Worker gives its blocking connection, by which Queue.getWorkers() finds it:
// "<prefix>:<base64 of the queue name>", then ":w:<worker name>" for a named worker.
std::string worker_connection_name(const QueueKeys& keys, std::string_view worker_name);

// The "completed" events in the queue's event stream at or after `since_ms`, reading at most
// `limit` entries (the stream is trimmed to about 10 000 anyway). Unlike the completed count,
// this is not held flat by removeOnComplete.
jobkit::Result<std::int64_t> completed_events_since(jobkit::RedisConnection& redis, const QueueKeys& keys,
                                                    std::int64_t since_ms, std::int64_t limit = 10000);

// Workers of the queue connected now, counted in CLIENT LIST by the name above (Node
// workers and queue-runner alike).
jobkit::Result<std::int64_t> connected_workers(jobkit::RedisConnection& redis, const QueueKeys& keys);

// The entries of a dead-letter queue (its waiting jobs) whose id starts with `id_prefix`;
// DeadLetterQueue::entry_id(queue, "") is the prefix of one queue's entries.
jobkit::Result<std::int64_t> count_waiting_ids_starting_with(jobkit::RedisConnection& redis, const QueueKeys& keys,
                                                             std::string_view id_prefix);

}  // namespace bullmq
