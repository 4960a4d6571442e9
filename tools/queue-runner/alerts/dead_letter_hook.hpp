// The on_dead command: run once for each dead letter, from a thread of its own so that a
// slow or hanging command never holds up a job. No shell: argv as configured, the dead
// letter described in its environment (JOBKIT_DEAD_QUEUE, JOBKIT_DEAD_JOB_ID,
// JOBKIT_DEAD_REASON) and as JSON on stdin; killed (its whole process group) after its timeout.
#pragma once

#include <memory>
#include <string>

#include "alerts/alerts_config.hpp"
#include "alerts/background_queue.hpp"

namespace queue_runner::alerts {

struct DeadLetterNotice {
  std::string queue;
  std::string job_id;
  std::string reason;  // already redacted
};

class DeadLetterHookRunner {
 public:
  explicit DeadLetterHookRunner(DeadLetterHook hook);
  ~DeadLetterHookRunner();  // waits for a command under way (at most its timeout); drops the rest
  DeadLetterHookRunner(const DeadLetterHookRunner&) = delete;
  DeadLetterHookRunner& operator=(const DeadLetterHookRunner&) = delete;

  // Never blocks; beyond a bound, notices are dropped with a warning.
  void notify(DeadLetterNotice notice);

 private:
  void run(const DeadLetterNotice& notice);  // in the queue's thread

  DeadLetterHook m_hook;
  std::unique_ptr<BackgroundQueue<DeadLetterNotice>> m_queue;  // last: its thread uses m_hook
};

}  // namespace queue_runner::alerts
