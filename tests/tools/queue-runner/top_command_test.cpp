// `queue-runner top` run as a process against the private Redis: the plain-text reading when
// stdout is no terminal, and on a pseudo-terminal the redraw loop ended by q or Ctrl-C with
// the terminal given back as it was.
#include <doctest/doctest.h>

#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bullmq/dead_letters.hpp"
#include "bullmq/queue.hpp"
#include "jobkit/job_environment.hpp"
#include "jobkit/random.hpp"
#include "process.hpp"
#include "services.hpp"

using jobkit::testing::built_program;

namespace {

// Queues of their own (a random prefix), a runner configuration serving one of them, and a
// top configuration watching that one plus an idle one no worker serves.
struct TopQueues {
  jobkit::testing::TempDir dir;
  std::string prefix = "toptest-" + jobkit::random_hex(12);
  std::string served = "served";
  std::string idle = "idle";
  std::string dead_letter = "dead";
  std::filesystem::path runner_config = dir.path() / "runner.json";
  std::filesystem::path top_config = dir.path() / "top.json";

  TopQueues() {
    const nlohmann::json tool = {built_program("jobkit-contract-tool").string()};
    nlohmann::json queues = {{served, {{"command", tool}, {"concurrency", 2}, {"dead_letter", dead_letter}}}};
    std::ofstream(runner_config) << nlohmann::json{{"prefix", prefix}, {"queues", queues}}.dump();
    queues[idle] = {{"command", tool}, {"concurrency", 3}, {"dead_letter", dead_letter}};
    std::ofstream(top_config) << nlohmann::json{{"prefix", prefix}, {"queues", queues}}.dump();
  }
};

jobkit::RedisConnection redis_for_top_tests() {
  jobkit::testing::required_service_variable("REDIS_URL");
  auto redis = jobkit::RedisConnection::from_environment(jobkit::process_environment());
  REQUIRE(redis.ok());
  return std::move(redis.value());
}

void add_top_job(jobkit::RedisConnection& redis, const bullmq::Queue& queue, const nlohmann::json& data,
                 const nlohmann::json& opts = nlohmann::json::object()) {
  REQUIRE(queue.add_job(redis, {"t", data.dump(), opts}).ok());
}

// Polls until `done` holds; fails the test after 60 s (a wait, not a measured bound).
template <typename Probe>
void wait_until(const char* what, Probe done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) FAIL("timed out waiting for " << what);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::vector<std::string> top_row(const std::string& out, const std::string& queue) {
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::vector<std::string> row;
    for (std::string word; words >> word;) row.push_back(word);
    if (!row.empty() && row[0] == queue) return row;
  }
  FAIL("no line for " << queue << " in:\n" << out);
  return {};
}

// queue-runner top on a pseudo-terminal; reads what it draws.
class TopOnTerminal {
 public:
  explicit TopOnTerminal(const std::filesystem::path& config) {
    const std::string program = built_program("queue-runner").string();
    const std::string config_text = config.string();
    m_pid = forkpty(&m_master, nullptr, nullptr, nullptr);
    REQUIRE(m_pid >= 0);
    if (m_pid == 0) {
      const char* argv[] = {program.c_str(), "top", "--config", config_text.c_str(), nullptr};
      execv(argv[0], const_cast<char* const*>(argv));
      _exit(127);
    }
  }
  ~TopOnTerminal() {
    if (m_pid > 0 && !m_reaped) {
      kill(m_pid, SIGKILL);
      waitpid(m_pid, nullptr, 0);
    }
    close(m_master);
  }
  TopOnTerminal(const TopOnTerminal&) = delete;
  TopOnTerminal& operator=(const TopOnTerminal&) = delete;

  // Reads until `text` has appeared `times` times (true) or the terminal closed (false).
  bool read_until(const std::string& text, int times = 1) {
    while (occurrences(text) < times) {
      pollfd input{.fd = m_master, .events = POLLIN, .revents = 0};
      if (poll(&input, 1, 60000) <= 0) return false;
      char buffer[4096];
      const auto got = read(m_master, buffer, sizeof buffer);
      if (got <= 0) return false;  // EIO: the child closed the terminal
      m_screen.append(buffer, static_cast<std::size_t>(got));
    }
    return true;
  }
  void type(char key) { REQUIRE(write(m_master, &key, 1) == 1); }
  termios attributes() const {
    termios now{};
    REQUIRE(tcgetattr(m_master, &now) == 0);
    return now;
  }
  // The exit status once the child is gone (it draws nothing more after q).
  int wait_for_exit() {
    read_until("\x1b[?1049l");
    int status = 0;
    REQUIRE(waitpid(m_pid, &status, 0) == m_pid);
    m_reaped = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  const std::string& screen() const { return m_screen; }
  int occurrences(const std::string& text) const {
    int found = 0;
    for (auto at = m_screen.find(text); at != std::string::npos; at = m_screen.find(text, at + text.size())) ++found;
    return found;
  }

 private:
  int m_master = -1;
  pid_t m_pid = -1;
  bool m_reaped = false;
  std::string m_screen;
};

}  // namespace

TEST_CASE("top: without a terminal it prints one reading of the served and the idle queue") {
  TopQueues setup;
  auto redis = redis_for_top_tests();
  jobkit::testing::ChildProcess runner({.argv = {built_program("queue-runner").string(), "run", "--config",
                                                 setup.runner_config.string()}});
  const bullmq::Queue served(setup.prefix, setup.served);
  const bullmq::Queue idle(setup.prefix, setup.idle);
  add_top_job(redis, served, {{"message", "one"}});
  add_top_job(redis, served, {{"message", "two"}});
  add_top_job(redis, served, {{"message", "bad"}, {"fail", {{"kind", "invalid_data"}, {"message", "no"}}}});
  const bullmq::DeadLetterQueue dead(setup.prefix, setup.dead_letter);
  wait_until("two completed - one failed - one dead letter", [&] {
    auto counts = served.get_counts(redis, {"completed", "failed"});
    auto letters = dead.count(redis);
    return counts.ok() && counts->at(0) == 2 && counts->at(1) == 1 && letters.ok() && letters.value() == 1;
  });
  add_top_job(redis, idle, {{"message", "waits"}});
  add_top_job(redis, idle, {{"message", "waits too"}});
  add_top_job(redis, idle, {{"message", "later"}}, {{"delay", 600000}});

  // stdout is a file here: one reading, no escape sequences, exit 0.
  const auto top = jobkit::testing::run_process(
      {.argv = {built_program("queue-runner").string(), "top", "--config", setup.top_config.string()}});
  INFO(top.out << top.err);
  CHECK(top.exit_code == 0);
  CHECK(top.out.find('\x1b') == std::string::npos);
  // queue waiting active delayed failed done/min oldest dead workers slots
  CHECK(top_row(top.out, setup.served) ==
        std::vector<std::string>{setup.served, "0", "0", "0", "1", "2", "-", "1", "1", "0/2"});
  const auto idle_row = top_row(top.out, setup.idle);
  REQUIRE(idle_row.size() == 10);
  CHECK(std::vector<std::string>(idle_row.begin(), idle_row.begin() + 6) ==
        std::vector<std::string>{setup.idle, "2", "0", "1", "0", "0"});
  CHECK(idle_row[6] != "-");  // two jobs wait, so the oldest has an age
  CHECK(std::vector<std::string>(idle_row.begin() + 7, idle_row.end()) == std::vector<std::string>{"0", "0", "0/3"});
  CHECK(top.out.find("slots: 0 busy of 5") != std::string::npos);

  runner.send_signal(SIGTERM);
  CHECK(runner.wait().exit_code == 0);
}

TEST_CASE("top: --queue without --config and a Redis that refuses are clear errors") {
  const auto no_queue = jobkit::testing::run_process({.argv = {built_program("queue-runner").string(), "top"}});
  CHECK(no_queue.exit_code == 64);
  CHECK(no_queue.err.find("--queue") != std::string::npos);
  const auto unreachable = jobkit::testing::run_process(
      {.argv = {built_program("queue-runner").string(), "top", "--once", "--queue", "q", "--redis",
                "redis://127.0.0.1:1/0"}});
  CHECK(unreachable.exit_code == 75);
}

TEST_CASE("top: on a terminal it redraws until q and gives the terminal back") {
  TopQueues setup;
  TopOnTerminal top(setup.top_config);
  REQUIRE(top.read_until(setup.idle));
  CHECK((top.attributes().c_lflag & (ICANON | ECHO)) == 0);
  // A second drawing without any key proves the loop.
  REQUIRE(top.read_until(setup.idle, 2));
  top.type('q');
  CHECK(top.wait_for_exit() == 0);
  CHECK(top.screen().find("\x1b[?25h") != std::string::npos);  // the cursor is shown again
  CHECK((top.attributes().c_lflag & (ICANON | ECHO)) == (ICANON | ECHO));
}

TEST_CASE("top: Ctrl-C on the terminal ends it with the terminal given back") {
  TopQueues setup;
  TopOnTerminal top(setup.top_config);
  REQUIRE(top.read_until(setup.served));
  top.type('\x03');  // the line discipline turns it into SIGINT
  CHECK(top.wait_for_exit() == 0);
  CHECK((top.attributes().c_lflag & (ICANON | ECHO)) == (ICANON | ECHO));
}
