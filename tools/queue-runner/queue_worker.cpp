// The threads of one queue. Each thread owns its Redis connection; they share only the
// handoff queue of fetched jobs and the table of held locks.
#include "queue_worker.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "job_processor.hpp"
#include "jobkit/random.hpp"
#include "metrics/runner_metrics.hpp"

namespace queue_runner {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

QueueWorker::QueueWorker(const RunnerConfig& runner, const QueueConfig& queue, jobkit::RedisEndpoint endpoint)
    : m_runner(runner),
      m_queue(queue),
      m_endpoint(std::move(endpoint)),
      m_bullmq(runner.prefix, queue.name),
      m_dead_letters(runner.prefix, queue.dead_letter_queue),
      m_worker{runner.worker_name, runner.lock_duration_ms},
      m_worker_id(jobkit::random_hex(16)) {}

QueueWorker::~QueueWorker() {
  request_stop(Clock::now());
  join();
}

jobkit::Result<jobkit::RedisConnection> QueueWorker::connect() const { return jobkit::RedisConnection::connect(m_endpoint); }

jobkit::Status QueueWorker::start() {
  // Fail early, in the caller, when Redis cannot be reached at all.
  if (auto probe = connect(); !probe) return probe.error();
  m_idle_slots = 0;
  if (m_queue.fork_server && !m_fork_server) {
    m_fork_server = ToolForkServer::start(m_queue.command.front(), queue_environment(m_queue));
  }
  m_threads.emplace_back([this] { fetch_loop(); });
  for (int slot = 0; slot < m_queue.concurrency; ++slot) m_threads.emplace_back([this, slot] { slot_loop(slot); });
  m_threads.emplace_back([this] { keeper_loop(); });
  return jobkit::Done{};
}

void QueueWorker::request_stop(Clock::time_point deadline) {
  std::lock_guard lock(m_mutex);
  if (m_stopping) return;
  m_stopping = true;
  m_stop_deadline_ns = deadline.time_since_epoch().count();
  if (m_blocking_interrupter) m_blocking_interrupter->interrupt();
  m_changed.notify_all();
}

bool QueueWorker::stopping() {
  std::lock_guard lock(m_mutex);
  return m_stopping;
}

void QueueWorker::set_blocking_connection(std::optional<jobkit::RedisConnection>& blocking,
                                          std::optional<jobkit::RedisConnection> replacement) {
  // The interrupter must never outlive the socket it names: it changes with the connection,
  // under the lock request_stop takes.
  std::lock_guard lock(m_mutex);
  m_blocking_interrupter.reset();
  blocking = std::move(replacement);
  if (blocking) m_blocking_interrupter = blocking->interrupter();
  if (m_stopping && m_blocking_interrupter) m_blocking_interrupter->interrupt();
}

void QueueWorker::hold_lock(const PendingJob& job) {
  std::lock_guard lock(m_mutex);
  m_locks[job.job.id] = {job.token, Clock::now() + std::chrono::milliseconds(m_runner.lock_duration_ms)};
}

Clock::time_point QueueWorker::lock_valid_until(const std::string& job_id) {
  std::lock_guard lock(m_mutex);
  const auto found = m_locks.find(job_id);
  return found == m_locks.end() ? Clock::time_point{} : found->second.valid_until;
}

bool QueueWorker::reconnect(std::optional<jobkit::RedisConnection>& redis, Clock::time_point deadline) {
  auto pause = std::chrono::milliseconds(50);
  const bool replacing = redis.has_value();  // a slot's first connection is no reconnection
  while (Clock::now() < deadline) {
    if (auto connected = connect()) {
      redis.emplace(std::move(connected.value()));
      if (replacing) metrics::runner_metrics().redis_reconnected();
      return true;
    }
    std::this_thread::sleep_for(std::min<Clock::duration>(pause, deadline - Clock::now()));
    pause = std::min(pause * 2, std::chrono::milliseconds(1000));
  }
  return false;
}

void QueueWorker::join() {
  for (auto& thread : m_threads) {
    if (thread.joinable()) thread.join();
  }
  m_threads.clear();
}

bool QueueWorker::shutdown_grace_over() const {
  const long long deadline = m_stop_deadline_ns;
  return deadline != 0 && Clock::now().time_since_epoch().count() >= deadline;
}

std::string QueueWorker::next_token() { return fmt::format("{}:{}", m_worker_id, ++m_token_counter); }

bool QueueWorker::sleep_unless_stopping(std::chrono::milliseconds duration) {
  std::unique_lock lock(m_mutex);
  return !m_changed.wait_for(lock, duration, [this] { return m_stopping; });
}

void QueueWorker::wait_for_marker(jobkit::RedisConnection& blocking, std::int64_t next_delayed_ms) {
  // BullMQ's rule: block for drainDelay when no delayed job is known, otherwise until the
  // earliest one is due (at most 10 s, at least 1 ms).
  double seconds = static_cast<double>(m_runner.drain_delay_ms) / 1000.0;
  if (next_delayed_ms > 0) seconds = std::clamp(static_cast<double>(next_delayed_ms - bullmq::now_ms()) / 1000.0, 0.001, 10.0);
  (void)blocking.set_command_timeout(std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000) + 2000));
  auto woken = m_bullmq.wait_for_marker(blocking, seconds);
  if (!woken && !m_stopping) spdlog::warn("{}: waiting for jobs failed: {}", m_queue.name, woken.error().message);
}

void QueueWorker::fetch_loop() {
  std::optional<jobkit::RedisConnection> redis;
  std::optional<jobkit::RedisConnection> blocking;
  std::int64_t next_delayed_ms = 0;
  bool drained = false;
  // The token of a moveToActive whose reply the connection lost: it may have taken a job.
  std::optional<std::string> unanswered_token;
  for (;;) {
    {
      std::unique_lock lock(m_mutex);
      m_changed.wait(lock, [this] { return m_stopping || m_idle_slots > static_cast<int>(m_pending.size()); });
      if (m_stopping) break;
    }
    if (!redis || redis->broken() || !blocking || blocking->broken()) {
      auto main = connect();
      auto waiting = connect();
      if (!main || !waiting) {
        spdlog::error("{}: {}", m_queue.name, (!main ? main.error() : waiting.error()).message);
        sleep_unless_stopping(std::chrono::seconds(1));
        continue;
      }
      if (redis) metrics::runner_metrics().redis_reconnected();
      redis.emplace(std::move(main.value()));
      (void)m_bullmq.name_worker_connection(waiting.value(), m_worker);
      set_blocking_connection(blocking, std::move(waiting.value()));
      if (unanswered_token) {
        auto taken = m_bullmq.find_active_job_locked_by(*redis, *unanswered_token);
        if (!taken) continue;  // still away; look again on the next connection
        if (taken.value()) {
          spdlog::info("{}/{}: taken as Redis went away; running it now", m_queue.name, taken.value()->id);
          std::lock_guard lock(m_mutex);
          m_pending.push_back({std::move(*taken.value()), *unanswered_token});
          m_changed.notify_all();
        }
        unanswered_token.reset();
        continue;
      }
    }
    if (drained) {
      wait_for_marker(*blocking, next_delayed_ms);
      drained = false;
      continue;
    }
    const std::string token = next_token();
    auto fetched = m_bullmq.move_to_active(*redis, token, m_worker);
    if (!fetched) {
      spdlog::error("{}: taking a job failed: {}", m_queue.name, fetched.error().message);
      metrics::runner_metrics().redis_error();
      if (redis->broken()) {
        // Most often a connection that died while it sat unused (Redis restarted): connect
        // again at once; the reconnection above pauses when Redis is really away.
        unanswered_token = token;
      } else {
        sleep_unless_stopping(std::chrono::seconds(1));
      }
      continue;
    }
    if (fetched->job) {
      std::lock_guard lock(m_mutex);
      m_pending.push_back({std::move(*fetched->job), token});
      m_changed.notify_all();
    } else if (fetched->rate_limit_ms > 0) {
      sleep_unless_stopping(std::chrono::milliseconds(std::min<std::int64_t>(fetched->rate_limit_ms, 30000)));
    } else {
      drained = true;
      next_delayed_ms = fetched->next_delayed_ms;
    }
  }
  set_blocking_connection(blocking, std::nullopt);
  give_back_untaken_jobs(redis);
}

void QueueWorker::give_back_untaken_jobs(std::optional<jobkit::RedisConnection>& redis) {
  // A job taken just as the stop came can reach the handoff queue after every slot has
  // left: nobody would run it or renew its lock. Give it back without counting an attempt,
  // as a slot does with a job it has not started.
  std::deque<PendingJob> untaken;
  {
    std::lock_guard lock(m_mutex);
    untaken.swap(m_pending);
    m_changed.notify_all();
  }
  for (const auto& pending : untaken) {
    if (!redis || redis->broken()) {
      spdlog::warn("{}/{}: taken as the runner stopped, Redis away; the stalled check returns it", m_queue.name,
                   pending.job.id);
    } else if (auto returned = m_bullmq.move_back_to_wait(*redis, pending.job.id, pending.token); !returned) {
      spdlog::warn("{}/{}: could not give it back ({}); the stalled check returns it", m_queue.name, pending.job.id,
                   returned.error().message);
    }
  }
}

void QueueWorker::slot_loop(int slot) {
  std::optional<jobkit::RedisConnection> redis;
  // A job that finishing the last one took from the queue (BullMQ's fetch-next): this slot
  // runs it at once, as BullMQ's Worker does, without a round trip through the fetcher.
  std::optional<PendingJob> handed_over;
  for (;;) {
    PendingJob pending;
    if (handed_over) {
      pending = std::move(*handed_over);
      handed_over.reset();
    } else {
      std::unique_lock lock(m_mutex);
      ++m_idle_slots;
      m_changed.notify_all();
      m_changed.wait(lock, [this] { return m_stopping || !m_pending.empty(); });
      --m_idle_slots;
      if (m_pending.empty()) return;  // stopping, nothing left to hand back
      pending = std::move(m_pending.front());
      m_pending.pop_front();
    }
    hold_lock(pending);
    while (!redis || redis->broken()) {
      if (reconnect(redis, Clock::now() + std::chrono::seconds(1))) break;
      spdlog::error("{} slot {}: cannot connect to Redis", m_queue.name, slot);
      if (shutdown_grace_over()) break;  // the job's lock expires and the stalled check returns it
    }
    if (redis && !redis->broken()) {
      const JobContext context{
          .runner = m_runner,
          .queue = m_queue,
          .bullmq = m_bullmq,
          .dead_letters = m_dead_letters,
          .worker = m_worker,
          .redis = *redis,
          .should_stop = [this] { return shutdown_grace_over(); },
          .fork_server = m_fork_server.get(),
          .fetch_next_job = [this] { return !stopping(); },
          .lock_valid_until = [this, &pending] { return lock_valid_until(pending.job.id); },
          .reconnect = [this, &redis](Clock::time_point deadline) { return reconnect(redis, deadline); },
      };
      if (stopping()) {
        // Taken but not started: give it back without counting an attempt.
        (void)m_bullmq.move_back_to_wait(*redis, pending.job.id, pending.token);
      } else {
        metrics::runner_metrics().slot_busy(m_queue.name, true);
        if (const auto due = metrics::scheduled_run_ms(pending.job.id)) {
          metrics::runner_metrics().scheduled_job_started(m_queue.name, static_cast<double>(bullmq::now_ms() - *due) / 1000.0);
        }
        JobEnding ending = process_job(context, pending.job, pending.token);
        metrics::runner_metrics().slot_busy(m_queue.name, false);
        if (ending.next_job) handed_over = PendingJob{std::move(*ending.next_job), pending.token};
      }
    }
    std::lock_guard lock(m_mutex);
    m_locks.erase(pending.job.id);
  }
}

// Extends every held lock. A renewal that fails (Redis away) is tried again on the next
// round, 50 ms later, rather than a quarter of the lock duration later: the locks must be
// renewed as soon as Redis is back, before they expire.
void QueueWorker::renew_locks(jobkit::RedisConnection& redis) {
  std::vector<std::string> ids, tokens;
  {
    std::lock_guard lock(m_mutex);
    for (const auto& [id, held] : m_locks) {
      ids.push_back(id);
      tokens.push_back(held.token);
    }
  }
  if (ids.empty()) return;
  const auto asked_at = Clock::now();
  auto lost = m_bullmq.extend_locks(redis, ids, tokens, m_runner.lock_duration_ms);
  if (!lost) {
    spdlog::warn("{}: renewing locks failed: {}", m_queue.name, lost.error().message);
    metrics::runner_metrics().redis_error();
    return;
  }
  std::lock_guard lock(m_mutex);
  for (const auto& id : ids) {
    const auto held = m_locks.find(id);
    if (held == m_locks.end()) continue;  // finished meanwhile; it released its lock itself
    if (std::find(lost->begin(), lost->end(), id) != lost->end()) {
      spdlog::warn("{}/{}: could not renew the lock", m_queue.name, id);
    } else {
      held->second.valid_until = asked_at + std::chrono::milliseconds(m_runner.lock_duration_ms);
    }
  }
}

void QueueWorker::keeper_loop() {
  std::optional<jobkit::RedisConnection> redis;
  // BullMQ renews every lockDuration/4 and checks for stalled jobs every stalledInterval.
  const auto renew_every = std::chrono::milliseconds(std::max<std::int64_t>(m_runner.lock_duration_ms / 4, 10));
  auto next_stalled_check = Clock::now();
  auto next_renewal = Clock::now() + renew_every;
  for (;;) {
    if (!redis || redis->broken()) {
      auto connected = connect();
      if (connected) redis.emplace(std::move(connected.value()));
    }
    if (redis && !redis->broken() && Clock::now() >= next_renewal) {
      renew_locks(*redis);
      if (!redis->broken()) next_renewal = Clock::now() + renew_every;
    }
    if (redis && !redis->broken() && Clock::now() >= next_stalled_check) {
      auto recovered = m_bullmq.move_stalled_jobs_to_wait(*redis, m_runner.max_stalled_count, m_runner.stalled_interval_ms);
      if (recovered) {
        metrics::runner_metrics().stalled_jobs_recovered(m_queue.name, recovered->size());
        for (const auto& id : recovered.value()) spdlog::warn("{}/{}: stalled, moved back to wait", m_queue.name, id);
      }
      if (!redis->broken()) next_stalled_check = Clock::now() + std::chrono::milliseconds(m_runner.stalled_interval_ms);
    }
    {
      std::unique_lock lock(m_mutex);
      // Keep renewing while tools still run after a stop request.
      if (m_stopping && m_locks.empty() && m_pending.empty()) return;
    }
    // After a stop request the condition variable no longer sleeps; poll gently instead.
    if (!sleep_unless_stopping(std::chrono::milliseconds(50))) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace queue_runner
