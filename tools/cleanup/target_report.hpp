// What one cleanup run did, as its result reports it: counts, batches, time, and whether the
// run stopped at its time limit (the next scheduled run continues from there).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cleanup {

// Time from `start` to now, for one batch.
inline std::chrono::milliseconds elapsed_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

// The clock of one run: its time limit and the longest single batch seen.
class RunBudget {
 public:
  explicit RunBudget(std::chrono::milliseconds max_runtime)
      : m_started(std::chrono::steady_clock::now()), m_max_runtime(max_runtime) {}
  bool expired() const { return elapsed() >= m_max_runtime; }
  std::chrono::milliseconds elapsed() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - m_started);
  }
  // What is left of max_runtime, never negative: the longest a pause may sleep.
  std::chrono::milliseconds remaining() const {
    return std::max(std::chrono::milliseconds(0), m_max_runtime - elapsed());
  }

 private:
  std::chrono::steady_clock::time_point m_started;
  std::chrono::milliseconds m_max_runtime;
};

struct TargetReport {
  std::int64_t removed = 0;   // rows, files or keys gone (in a dry run: that would go)
  std::int64_t archived = 0;  // rows written to archive files first
  std::int64_t batches = 0;
  std::chrono::milliseconds longest_batch{0};
  bool stopped_at_time_limit = false;
  nlohmann::json details = nlohmann::json::object();  // what only this target has

  // Counts one batch that took `took`.
  void add_batch(std::chrono::milliseconds took) {
    ++batches;
    if (took > longest_batch) longest_batch = took;
  }
};

// {"target", "dry_run", "removed", "archived", "batches", "duration_ms", "longest_batch_ms",
// "stopped_at_time_limit", ...details}
nlohmann::json to_json(const TargetReport& report, const char* target, bool dry_run, std::chrono::milliseconds duration);

}  // namespace cleanup
