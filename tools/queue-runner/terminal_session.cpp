#include "terminal_session.hpp"

#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>

namespace queue_runner {
namespace {

std::atomic<bool> g_stop_signal{false};

extern "C" void note_stop_signal(int) { g_stop_signal = true; }

void write_out(const char* text) {
  std::fputs(text, stdout);
  std::fflush(stdout);
}

}  // namespace

void catch_stop_signals() {
  struct sigaction action {};
  action.sa_handler = note_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: poll() returns EINTR, so the loop sees the flag at once
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

TerminalSession::TerminalSession() {
  if (tcgetattr(STDIN_FILENO, &m_saved) == 0) {
    termios raw = m_saved;
    // No line buffering and no echo; ISIG stays on, so Ctrl-C is SIGINT, caught above.
    raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 0;
    m_restore = tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0;
  }
  write_out("\x1b[?1049h\x1b[?25l");  // the alternate screen, as top uses, and no cursor
}

TerminalSession::~TerminalSession() {
  write_out("\x1b[?25h\x1b[?1049l");
  if (m_restore) tcsetattr(STDIN_FILENO, TCSAFLUSH, &m_saved);
}

TerminalEvent TerminalSession::wait_for_key(std::chrono::milliseconds timeout) {
  if (g_stop_signal) return TerminalEvent::interrupted;
  pollfd input{.fd = STDIN_FILENO, .events = POLLIN, .revents = 0};
  const int ready = poll(&input, 1, static_cast<int>(timeout.count()));
  if (g_stop_signal) return TerminalEvent::interrupted;
  if (ready <= 0) return TerminalEvent::timeout;
  char key = 0;
  const auto got = read(STDIN_FILENO, &key, 1);
  if (got == 0) return TerminalEvent::closed;
  if (got < 0) return TerminalEvent::timeout;
  if (key == 'q' || key == 'Q' || key == 0x03 || key == 0x04) return TerminalEvent::key_q;
  return TerminalEvent::timeout;
}

}  // namespace queue_runner
