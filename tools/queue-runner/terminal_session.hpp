// The terminal while `queue-runner top` draws on it: keys arrive one at a time without echo,
// the cursor is hidden, and SIGINT/SIGTERM end the wait for a key instead of the process, so
// that the destructor always gives the terminal back as it was.
#pragma once

#include <termios.h>

#include <chrono>

namespace queue_runner {

enum class TerminalEvent { timeout, key_q, interrupted, closed };

class TerminalSession {
 public:
  // Requires: stdin and stdout are terminals.
  TerminalSession();
  ~TerminalSession();
  TerminalSession(const TerminalSession&) = delete;
  TerminalSession& operator=(const TerminalSession&) = delete;

  // Waits up to `timeout` for 'q' (or Ctrl-C, Ctrl-D) or a signal; other keys are ignored
  // but end the wait early, which redraws at once.
  TerminalEvent wait_for_key(std::chrono::milliseconds timeout);

 private:
  termios m_saved{};
  bool m_restore = false;
};

// SIGINT and SIGTERM set a flag instead of ending the process; wait_for_key reports it as
// TerminalEvent::interrupted.
void catch_stop_signals();

}  // namespace queue_runner
