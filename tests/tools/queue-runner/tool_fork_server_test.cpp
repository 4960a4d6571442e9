// The real jobkit-contract-tool run through its fork server, as the runner runs the tools of
// a queue with "fork_server": true.
#include <doctest/doctest.h>

#include <signal.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "process.hpp"
#include "skip.hpp"
#include "temp_dir.hpp"
#include "tool_fork_server.hpp"
#include "tool_process.hpp"

using queue_runner::run_tool_process;
using queue_runner::ToolEnd;
using queue_runner::ToolForkServer;
using queue_runner::ToolInvocation;

namespace {

std::string contract_tool_path() { return jobkit::testing::built_program("jobkit-contract-tool").string(); }

std::unique_ptr<ToolForkServer> start_server(std::vector<std::string> environment = {}) {
  return ToolForkServer::start(contract_tool_path(), std::move(environment));
}

ToolInvocation forked_job(ToolForkServer& server, std::string input, std::string job_id = "7") {
  ToolInvocation invocation;
  invocation.argv = {server.program()};
  invocation.environment = {"JOB_PROGRESS_FD=3", "JOB_ID=" + job_id};
  invocation.input = std::move(input);
  invocation.fork_server = &server;
  return invocation;
}

// The live (not zombie) processes whose parent is `parent`, from /proc.
std::vector<pid_t> live_children_of(pid_t parent) {
  std::vector<pid_t> found;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream file(entry.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    const auto after_name = stat.rfind(')');
    if (after_name == std::string::npos) continue;  // gone while we looked
    std::istringstream fields(stat.substr(after_name + 2));
    char state = 0;
    pid_t ppid = 0;
    fields >> state >> ppid;
    if (ppid == parent && state != 'Z') found.push_back(static_cast<pid_t>(std::stoi(name)));
  }
  return found;
}

// Whether the contract tool's output has "key":value, the whole number.
bool reports(const std::string& output, const std::string& key, pid_t value) {
  const std::string wanted = fmt::format("\"{}\":{}", key, value);
  const auto at = output.find(wanted);
  return at != std::string::npos && !std::isdigit(static_cast<unsigned char>(output[at + wanted.size()]));
}

// Whether `pid` has ended (gone, or a zombie nobody has collected yet), waiting up to 5 s.
bool ends_soon(pid_t pid) {
  for (int i = 0; i < 500; ++i) {
    std::ifstream file(fmt::format("/proc/{}/stat", pid));
    std::string stat((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    const auto after_name = stat.rfind(')');
    if (!file || after_name == std::string::npos || stat[after_name + 2] == 'Z') return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace

TEST_CASE("fork server: output - logs and progress arrive and the job's environment replaces the server's") {
  auto server = start_server({"JOB_ID=server", "JOB_ATTEMPT=99"});
  REQUIRE(server);
  std::vector<std::string> logs, progress;
  auto invocation = forked_job(*server, R"({"message":"hi","log":["one","two"],"progress":[30,60]})");
  invocation.on_log_line = [&](std::string_view line) { logs.emplace_back(line); };
  invocation.on_progress_line = [&](std::string_view line) { progress.emplace_back(line); };
  const auto outcome = run_tool_process(invocation);
  CHECK(outcome.end == ToolEnd::exited);
  CHECK(outcome.exit_code == 0);
  CHECK(outcome.output.find("\"job_id\":\"7\"") != std::string::npos);
  CHECK(outcome.output.find("\"attempt\"") == std::string::npos);  // JOB_ATTEMPT was the server's only
  REQUIRE(logs.size() == 2);
  CHECK(logs[1].find("two") != std::string::npos);
  CHECK(progress == std::vector<std::string>{"30", "60"});
}

TEST_CASE("fork server: a failing job gets its exit status and message") {
  auto server = start_server();
  REQUIRE(server);
  const auto outcome = run_tool_process(forked_job(*server, R"({"message":"x","fail":{"kind":"invalid_data"}})"));
  CHECK(outcome.end == ToolEnd::exited);
  CHECK(outcome.exit_code == 65);
  CHECK(outcome.output.find("requested failure") != std::string::npos);
}

TEST_CASE("fork server: a crash kills only that job's process") {
  auto server = start_server();
  REQUIRE(server);
  const pid_t server_pid = server->pid();
  const auto crashed = run_tool_process(forked_job(*server, R"({"message":"x","fail":{"kind":"abort"}})"));
  CHECK(crashed.end == ToolEnd::signalled);
  CHECK(crashed.signal == SIGABRT);
  const auto next = run_tool_process(forked_job(*server, R"({"message":"after","report_process":true})"));
  CHECK(next.exit_code == 0);
  CHECK(server->pid() == server_pid);
  CHECK(next.output.find(fmt::format("\"parent\":{}", server_pid)) != std::string::npos);
}

TEST_CASE("fork server: a job that ignores SIGTERM is killed after the grace period") {
  auto server = start_server();
  REQUIRE(server);
  auto invocation = forked_job(*server, R"({"message":"hang","sleep_ms":60000,"ignore_sigterm":true})");
  invocation.limits.timeout_ms = 200;
  invocation.limits.kill_grace_ms = 200;
  const auto started = std::chrono::steady_clock::now();
  const auto outcome = run_tool_process(invocation);
  CHECK(outcome.end == ToolEnd::timed_out);
  CHECK(outcome.signal == SIGKILL);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(30));
}

TEST_CASE("fork server: the memory limit reaches the job's process") {
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer's shadow memory alone is terabytes of address space: under any
  // RLIMIT_AS the tool cannot allocate at all. The Release build runs this test.
  return jobkit::testing::skip_test("AddressSanitizer cannot run under a memory limit");
#endif
  auto server = start_server();
  REQUIRE(server);
  // 200 MB of output: refused by the output cap without a memory limit, cannot even be
  // allocated under a 128 MB address-space limit.
  auto invocation = forked_job(*server, R"({"message":"big","output_bytes":200000000})");
  const auto unlimited = run_tool_process(invocation);
  CHECK(unlimited.end == ToolEnd::output_too_large);
  invocation.limits.memory_mb = 128;
  const auto limited = run_tool_process(invocation);
  CHECK(limited.end == ToolEnd::exited);
  CHECK(limited.exit_code == 75);
  CHECK(limited.output.find("out of memory") != std::string::npos);
}

TEST_CASE("fork server: a job's CPU seconds and peak RSS are measured as for an exec'd job") {
  auto server = start_server();
  REQUIRE(server);
  jobkit::testing::TempDir storage;
  // Writing 64 MiB holds both halves of the file in memory at once: 64 MiB resident at the
  // peak, and filling them takes measurable CPU time.
  constexpr std::int64_t k_bytes = 64 * 1024 * 1024;
  auto invocation = forked_job(*server, fmt::format(R"({{"message":"big","write":{{"path":"big.bin","bytes":{}}}}})", k_bytes));
  invocation.environment.push_back("STORAGE_DIR=" + storage.path().string());
  for (const bool forked : {true, false}) {
    CAPTURE(forked);
    invocation.fork_server = forked ? server.get() : nullptr;
    const auto outcome = run_tool_process(invocation);
    CHECK(outcome.exit_code == 0);
    REQUIRE(outcome.usage);
    CHECK(outcome.usage->cpu_seconds > 0);
    CHECK(outcome.usage->peak_rss_bytes >= k_bytes);
  }
}

TEST_CASE("fork server: a large job reaches stdin whole") {
  auto server = start_server();
  REQUIRE(server);
  const std::string big(3 * 1024 * 1024, 'm');
  const auto outcome = run_tool_process(forked_job(*server, "{\"message\":\"x\",\"log\":[\"" + big + "\"]}"));
  CHECK(outcome.exit_code == 0);
}

TEST_CASE("fork server: a server that dies mid-job ends that job and is replaced") {
  auto server = start_server();
  REQUIRE(server);
  const pid_t first = server->pid();
  queue_runner::ToolOutcome outcome;
  std::thread job([&] { outcome = run_tool_process(forked_job(*server, R"({"message":"slow","sleep_ms":60000})")); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(first, SIGKILL);
  job.join();
  CHECK(outcome.end == ToolEnd::signalled);
  CHECK(outcome.signal == SIGKILL);
  const auto next = run_tool_process(forked_job(*server, R"({"message":"after"})"));
  CHECK(next.exit_code == 0);
  CHECK(server->pid() > 0);
  CHECK(server->pid() != first);
}

// Runs the job with its server stopped (SIGSTOP) `stop_after` into it (0: before it starts),
// and waits for it 20 s at most. A job still running then is a hang: the test fails, and the
// server is killed so that the job and the test can end.
queue_runner::ToolOutcome run_with_server_stopped(const ToolInvocation& invocation, pid_t server_pid,
                                                  std::chrono::milliseconds stop_after) {
  if (stop_after.count() == 0) ::kill(server_pid, SIGSTOP);
  queue_runner::ToolOutcome outcome;
  std::atomic<bool> done = false;
  std::thread job([&] {
    outcome = run_tool_process(invocation);
    done = true;
  });
  const auto started = std::chrono::steady_clock::now();
  bool stopped = stop_after.count() == 0;
  while (!done && std::chrono::steady_clock::now() - started < std::chrono::seconds(20)) {
    if (!stopped && std::chrono::steady_clock::now() - started >= stop_after) stopped = ::kill(server_pid, SIGSTOP) == 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK_MESSAGE(done.load(), "the job was still running with its fork server stopped");
  if (!done) ::kill(server_pid, SIGKILL);
  job.join();
  return outcome;
}

// The next job runs on a new server, and the stopped one is gone (killed and collected).
void check_replaced(ToolForkServer& server, pid_t stopped) {
  const auto next = run_tool_process(forked_job(server, R"({"message":"after","report_process":true})"));
  CHECK(next.exit_code == 0);
  CHECK(server.pid() > 0);
  CHECK(server.pid() != stopped);
  CHECK(next.output.find(fmt::format("\"parent\":{}", server.pid())) != std::string::npos);
  CHECK(::kill(stopped, 0) != 0);
}

TEST_CASE("fork server: a server stopped mid-job cannot hold the job past its timeout and is replaced") {
  struct Stop {
    const char* when;
    const char* job;
    int after_ms;
  };
  // When the tool has ended before the server was to report it, its exit status never came
  // either: nothing says it succeeded, so it too ends by its timeout.
  for (const Stop stop : {Stop{"while the tool runs", R"({"message":"slow","sleep_ms":60000})", 300},
                          Stop{"before the tool ends", R"({"message":"quick","sleep_ms":300})", 100}}) {
    CAPTURE(stop.when);
    auto server = start_server();
    REQUIRE(server);
    const pid_t first = server->pid();
    auto invocation = forked_job(*server, stop.job);
    invocation.limits.timeout_ms = 1000;
    invocation.limits.kill_grace_ms = 200;
    const auto outcome = run_with_server_stopped(invocation, first, std::chrono::milliseconds(stop.after_ms));
    CHECK(outcome.end == ToolEnd::timed_out);
    CHECK(outcome.signal == SIGKILL);
    check_replaced(*server, first);
  }
}

TEST_CASE("fork server: a stopped server that never starts the job fails it as retryable within its timeout") {
  auto server = start_server();
  REQUIRE(server);
  const pid_t first = server->pid();
  auto invocation = forked_job(*server, R"({"message":"never"})");
  invocation.limits.timeout_ms = 500;
  const auto outcome = run_with_server_stopped(invocation, first, std::chrono::milliseconds(0));
  CHECK(outcome.end == ToolEnd::not_started);
  CHECK(outcome.error.find("did not answer within 500 ms") != std::string::npos);
  check_replaced(*server, first);
}

TEST_CASE("fork server: a program replaced on disk gets a new server while the old one finishes its job") {
  jobkit::testing::TempDir folder;
  const auto program = folder.path() / "tool";
  std::filesystem::copy_file(contract_tool_path(), program);
  auto server = ToolForkServer::start(program.string(), {});
  REQUIRE(server);
  const pid_t first = server->pid();
  queue_runner::ToolOutcome slow;
  std::thread running(
      [&] { slow = run_tool_process(forked_job(*server, R"({"message":"old","sleep_ms":1500,"report_process":true})")); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // A deploy: the new file is renamed over the old one.
  std::filesystem::copy_file(contract_tool_path(), folder.path() / "tool.new");
  std::filesystem::rename(folder.path() / "tool.new", program);
  const auto after = run_tool_process(forked_job(*server, R"({"message":"new","report_process":true})"));
  CHECK(after.exit_code == 0);
  CHECK(server->pid() != first);
  CHECK(after.output.find(fmt::format("\"parent\":{}", server->pid())) != std::string::npos);
  running.join();
  CHECK(slow.exit_code == 0);  // the old server was not killed under its job
  CHECK(slow.output.find(fmt::format("\"parent\":{}", first)) != std::string::npos);
}

TEST_CASE("fork server: jobs from several threads each get their own process and environment") {
  auto server = start_server();
  REQUIRE(server);
  constexpr int k_threads = 4, k_jobs = 5;
  std::vector<std::vector<std::string>> outputs(k_threads);
  std::vector<std::thread> threads;
  for (int thread = 0; thread < k_threads; ++thread) {
    threads.emplace_back([&, thread] {
      for (int job = 0; job < k_jobs; ++job) {
        const std::string id = std::to_string(thread * 100 + job);
        outputs[static_cast<std::size_t>(thread)].push_back(
            run_tool_process(forked_job(*server, R"({"message":"m","sleep_ms":20})", id)).output);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int thread = 0; thread < k_threads; ++thread) {
    for (int job = 0; job < k_jobs; ++job) {
      const std::string id = std::to_string(thread * 100 + job);
      CHECK(outputs[static_cast<std::size_t>(thread)][static_cast<std::size_t>(job)].find("\"job_id\":\"" + id + "\"") !=
            std::string::npos);
    }
  }
}

TEST_CASE("fork server: the spare made ahead of each job is a fresh process that serves only that job") {
  auto server = start_server();
  REQUIRE(server);
  std::vector<std::string> pids;
  for (int job = 0; job < 3; ++job) {
    // Between jobs the server has exactly one child: the spare for the next job.
    std::vector<pid_t> spares;
    for (int i = 0; i < 500 && (spares = live_children_of(server->pid())).size() != 1; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(spares.size() == 1);
    const auto outcome = run_tool_process(forked_job(*server, R"({"message":"m","report_process":true})"));
    CHECK(outcome.exit_code == 0);
    CHECK(reports(outcome.output, "pid", spares.front()));
    CHECK(reports(outcome.output, "group", spares.front()));
    CHECK(::kill(spares.front(), 0) != 0);  // it ran that job and is gone
  }
}

TEST_CASE("fork server: a spare killed while idle is replaced for the next job") {
  auto server = start_server();
  REQUIRE(server);
  std::vector<pid_t> spares;
  for (int i = 0; i < 500 && (spares = live_children_of(server->pid())).size() != 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(spares.size() == 1);
  ::kill(spares.front(), SIGKILL);
  CHECK(ends_soon(spares.front()));
  const auto outcome = run_tool_process(forked_job(*server, R"({"message":"after","report_process":true})"));
  CHECK(outcome.exit_code == 0);
  CHECK(outcome.output.find(fmt::format("\"parent\":{}", server->pid())) != std::string::npos);
}

TEST_CASE("fork server: the spare does not outlive its server - killed or stopped") {
  for (const bool killed : {true, false}) {
    CAPTURE(killed);
    auto server = start_server();
    REQUIRE(server);
    const pid_t server_pid = server->pid();
    CHECK(run_tool_process(forked_job(*server, R"({"message":"m"})")).exit_code == 0);
    std::vector<pid_t> spares;
    for (int i = 0; i < 500 && (spares = live_children_of(server_pid)).size() != 1; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(spares.size() == 1);
    if (killed) server->kill_hung_server(server_pid);  // SIGKILL: the spare cannot be told
    else server.reset();                               // the runner closes the socket and waits
    CHECK(ends_soon(spares.front()));
  }
}

TEST_CASE("fork server: a program that does not serve forks is left to exec") {
  CHECK_FALSE(ToolForkServer::start("/bin/true", {}));
  CHECK_FALSE(ToolForkServer::start("/nonexistent/tool", {}));
}

TEST_CASE("fork server: render-pdf forked from its warmed-up server writes the same text as by exec") {
  const std::string render_pdf = jobkit::testing::built_program("render-pdf").string();
  if (!std::filesystem::exists(render_pdf)) return jobkit::testing::skip_test("render-pdf is not built (JOBKIT_TOOLS)");
  jobkit::testing::TempDir storage;
  auto server = ToolForkServer::start(render_pdf, {});
  REQUIRE(server);
  for (const std::string name : {"forked-1", "forked-2", "exec"}) {
    auto invocation = forked_job(*server, R"({"document":{"blocks":[{"type":"heading","text":"Zürich Łódź Ελλάδα Москва"}]},)"
                                          R"("output":")" + name + R"(.pdf"})");
    invocation.environment = {"STORAGE_DIR=" + storage.path().string()};
    if (name == "exec") invocation.fork_server = nullptr;
    const auto outcome = run_tool_process(invocation);
    CAPTURE(outcome.output);
    CHECK(outcome.exit_code == 0);
    const auto text = jobkit::testing::run_process({.argv = {"/usr/bin/pdftotext", (storage.path() / (name + ".pdf")).string(), "-"}});
    CHECK(text.exit_code == 0);
    CHECK(text.out.find("Zürich Łódź Ελλάδα Москва") != std::string::npos);
  }
}
