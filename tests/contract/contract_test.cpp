// The job contract end to end: jobkit-contract-tool run as a process, as queue-runner and
// a shell run every tool (stdin -> stdout, exit code, stderr, fd 3).
#include <doctest/doctest.h>

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "process.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using jobkit::testing::ProcessOptions;
using jobkit::testing::ProcessResult;
using jobkit::testing::TempDir;
using nlohmann::json;

namespace {

const std::string k_tool = jobkit::testing::built_program("jobkit-contract-tool").string();

ProcessResult run_tool(const std::string& input, std::vector<std::string> arguments = {},
                       std::vector<std::string> environment = {}) {
  ProcessOptions options;
  options.argv = {k_tool};
  options.argv.insert(options.argv.end(), arguments.begin(), arguments.end());
  options.input = input;
  options.environment = std::move(environment);
  options.unset = {"JOB_ID", "JOB_ATTEMPT", "JOB_ATTEMPTS", "JOB_NAME", "JOB_QUEUE", "JOB_TIMESTAMP"};
  return jobkit::testing::run_process(options);
}

// stdout must hold exactly one JSON value on one line.
json stdout_json(const ProcessResult& result) {
  REQUIRE_MESSAGE(!result.out.empty(), "stderr: " << result.err);
  CHECK(result.out.back() == '\n');
  CHECK(result.out.find('\n') == result.out.size() - 1);
  return json::parse(result.out);
}

void check_error(const ProcessResult& result, int exit_code, const std::string& code, const std::string& field = "") {
  CHECK(result.exit_code == exit_code);
  const json body = stdout_json(result);
  REQUIRE(body.contains("error"));
  CHECK(body["error"]["code"] == code);
  CHECK_FALSE(body["error"]["message"].get<std::string>().empty());
  if (!field.empty()) CHECK(body["error"]["field"] == field);
  if (field.empty()) CHECK_FALSE(body["error"].contains("field"));
}

std::string storage_variable(const TempDir& dir) { return "STORAGE_DIR=" + dir.path().string(); }

}  // namespace

TEST_CASE("contract: a valid job prints its result and exits 0 - logging only to stderr") {
  const auto result = run_tool(R"({"message":"hello","recipients":[{"email":"a@x.io"}],"log":["working"]})");
  CHECK(result.exit_code == 0);
  const json body = stdout_json(result);
  CHECK(body["message"] == "hello");
  CHECK(body["recipients"] == 1);
  CHECK(result.err.find("jobkit-contract-tool info: working") != std::string::npos);
}

TEST_CASE("contract: job metadata reaches the tool") {
  const auto result = run_tool(R"({"message":"m"})", {}, {"JOB_ID", "JOB_ID=job-7", "JOB_ATTEMPT=2", "JOB_ATTEMPTS=3"});
  CHECK(result.exit_code == 0);
  const json body = stdout_json(result);
  CHECK(body["job_id"] == "job-7");
  CHECK(body["attempt"] == 2);
}

TEST_CASE("contract: a malformed JOB_ATTEMPT is a usage error") {
  check_error(run_tool(R"({"message":"m"})", {}, {"JOB_ATTEMPT=first"}), 64, "usage", "env:JOB_ATTEMPT");
}

TEST_CASE("contract: --help and --version print to stdout and exit 0") {
  auto result = run_tool("", {"--help"});
  CHECK(result.exit_code == 0);
  for (const char* option : {"--dry-run", "--input", "--log-level", "--log-format", "--version", "Example:"}) {
    CAPTURE(option);
    CHECK(result.out.find(option) != std::string::npos);
  }
  result = run_tool("", {"--version"});
  CHECK(result.exit_code == 0);
  CHECK(result.out.starts_with("jobkit-contract-tool (jobkit) "));
}

TEST_CASE("contract: unknown options and bad option values exit 64 - not CLI11's codes") {
  check_error(run_tool("{}", {"--frobnicate"}), 64, "usage");
  check_error(run_tool("{}", {"--log-level", "loud"}), 64, "usage");
  check_error(run_tool("{}", {"--input"}), 64, "usage");
}

TEST_CASE("contract: --input reads a file - a missing one exits 66") {
  TempDir dir;
  const fs::path job = dir.path() / "job.json";
  { std::ofstream(job) << R"({"message":"from file"})"; }
  const auto result = run_tool("", {"--input", job.string()});
  CHECK(result.exit_code == 0);
  CHECK(stdout_json(result)["message"] == "from file");
  check_error(run_tool("", {"--input", (dir.path() / "absent.json").string()}), 66, "missing_input");
}

TEST_CASE("contract: bad documents exit 65 with the reason") {
  check_error(run_tool("{\"message\":\"\xC3\x28\"}"), 65, "invalid_utf8");
  check_error(run_tool(R"({"message":"cut)"), 65, "invalid_json");
  check_error(run_tool(R"([{"message":"x"}])"), 65, "invalid_json");
  check_error(run_tool(""), 65, "invalid_json");
  const auto truncated = run_tool("{\n\"message\": \"x\",\n\"log\": [\"a\",");
  CHECK(stdout_json(truncated)["error"]["message"].get<std::string>().find("line 3") != std::string::npos);
}

TEST_CASE("contract: a 17 MiB job is refused against the 16 MiB default cap - the cap is configurable") {
  const std::string padding(17 * 1024 * 1024, 'x');
  check_error(run_tool(R"({"message":")" + padding + "\"}"), 65, "job_too_large");
  check_error(run_tool(R"({"message":"a long message"})", {"--max-input-bytes", "10"}), 65, "job_too_large");
}

TEST_CASE("contract: field errors carry the JSON Pointer") {
  check_error(run_tool(R"({"message":"m","extra":1})"), 65, "invalid_field", "/extra");
  check_error(run_tool(R"({"message":"m","recipients":[{"email":"a@x.io"},{"email":"b@x.io"},{"email":false}]})"),
              65, "invalid_field", "/recipients/2/email");
  check_error(run_tool(R"({})"), 65, "invalid_field", "/message");
  const auto several = run_tool(R"({"message":7,"progress":[1,200]})");
  const json body = stdout_json(several);
  CHECK(body["error"]["details"].size() == 2);
  CHECK(body["error"]["details"][1]["field"] == "/progress/1");
}

TEST_CASE("contract: paths that leave STORAGE_DIR exit 77") {
  TempDir storage;
  TempDir outside;
  fs::create_symlink(outside.path(), storage.path() / "link");
  for (const char* path : {"../x", "/etc/passwd", "link/file.txt"}) {
    CAPTURE(path);
    const json job = {{"message", "m"}, {"write", {{"path", path}, {"bytes", 4}}}};
    check_error(run_tool(job.dump(), {}, {storage_variable(storage)}), 77, "forbidden_path", "/write/path");
  }
  CHECK(fs::is_empty(outside.path()));
}

TEST_CASE("contract: --dry-run validates and writes nothing") {
  TempDir storage;
  const json job = {{"message", "m"}, {"write", {{"path", "out/file.txt"}, {"bytes", 10}}}};
  auto result = run_tool(job.dump(), {"--dry-run"}, {storage_variable(storage)});
  CHECK(result.exit_code == 0);
  const json body = stdout_json(result);
  CHECK(body["dry_run"] == true);
  CHECK(body["written"]["would_write"] == "out/file.txt");
  CHECK(fs::is_empty(storage.path()));
  // Invalid data fails a dry run just like a real one.
  check_error(run_tool(R"({"message":""})", {"--dry-run"}), 65, "invalid_field", "/message");
}

TEST_CASE("contract: a job writes its file atomically under STORAGE_DIR") {
  TempDir storage;
  const json job = {{"message", "m"}, {"write", {{"path", "a/b/out.txt"}, {"bytes", 1000}}}};
  const auto result = run_tool(job.dump(), {}, {storage_variable(storage)});
  CHECK(result.exit_code == 0);
  CHECK(fs::file_size(storage.path() / "a/b/out.txt") == 1000);
}

TEST_CASE("contract: killing the tool mid-write leaves no file at the output path") {
  TempDir storage;
  const json job = {{"message", "m"}, {"write", {{"path", "out.bin"}, {"bytes", 4000000}, {"pause_ms", 30000}}}};
  ProcessOptions options{.argv = {k_tool}, .input = job.dump(), .environment = {storage_variable(storage)}};
  jobkit::testing::ChildProcess child(options);
  // Wait until the temporary file holds the first half.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  bool half_written = false;
  while (!half_written && std::chrono::steady_clock::now() < deadline) {
    for (const auto& entry : fs::directory_iterator(storage.path())) {
      half_written = half_written || (entry.is_regular_file() && entry.file_size() == 2000000);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  REQUIRE(half_written);
  child.send_signal(SIGKILL);
  const auto result = child.wait();
  CHECK(result.signal == SIGKILL);
  CHECK_FALSE(fs::exists(storage.path() / "out.bin"));
}

TEST_CASE("contract: progress lines go to JOB_PROGRESS_FD") {
  ProcessOptions options{.argv = {k_tool}, .input = R"({"message":"m","progress":[10,55,100]})",
                         .progress_channel = true};
  const auto result = jobkit::testing::run_process(options);
  CHECK(result.exit_code == 0);
  CHECK(result.progress == "10\n55\n100\n");
}

TEST_CASE("contract: failures map to exit codes") {
  check_error(run_tool(R"({"message":"m","fail":{"kind":"temporary","message":"smtp 451"}})"), 75, "temporary");
  check_error(run_tool(R"({"message":"m","fail":{"kind":"invalid_data"}})"), 65, "invalid_data");
  // An exception escaping the tool is an internal error (70), retried, with its message.
  const auto thrown = run_tool(R"({"message":"m","fail":{"kind":"throw","message":"boom"}})");
  check_error(thrown, 70, "internal");
  CHECK(stdout_json(thrown)["error"]["message"] == "internal error: boom");
  const auto aborted = run_tool(R"({"message":"m","fail":{"kind":"abort"}})");
  CHECK(aborted.signal == SIGABRT);
}

TEST_CASE("contract: --log-format json writes one JSON object per stderr line") {
  const auto result = run_tool(R"({"message":"m","log":["one","two"]})", {"--log-format", "json"});
  CHECK(result.exit_code == 0);
  std::istringstream lines(result.err);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    const json entry = json::parse(line);
    CHECK(entry["program"] == "jobkit-contract-tool");
    ++count;
  }
  CHECK(count == 2);
}

TEST_CASE("contract: secrets in log lines are redacted") {
  const auto result = run_tool(R"({"message":"m","log":["using redis://u:topsecret@127.0.0.1:1/0"]})");
  CHECK(result.exit_code == 0);
  CHECK(result.err.find("topsecret") == std::string::npos);
  CHECK(result.err.find("redis://u:***@127.0.0.1:1/0") != std::string::npos);
}

TEST_CASE("contract: a result or error that cannot reach stdout exits 74 - a full disk or a closed stdout") {
  const std::string good = R"({"message":"m"})";
  const std::string bad = R"({"message":7})";
  for (const bool closed : {false, true}) {
    CAPTURE(closed);
    for (const std::string& job : {good, bad}) {
      CAPTURE(job);
      ProcessOptions options{.argv = {k_tool}, .input = job};
      options.stdout_file = closed ? "" : "/dev/full";
      options.close_stdout = closed;
      const auto result = jobkit::testing::run_process(options);
      CHECK(result.exit_code == 74);
      CHECK(result.err.find("cannot write the result to stdout") != std::string::npos);
    }
    for (const char* option : {"--help", "--version"}) {
      CAPTURE(option);
      ProcessOptions options{.argv = {k_tool, option}};
      options.stdout_file = closed ? "" : "/dev/full";
      options.close_stdout = closed;
      CHECK(jobkit::testing::run_process(options).exit_code == 74);
    }
  }
}

TEST_CASE("contract: --input naming a folder exits 66 like a missing file - not 74 which is retried") {
  TempDir dir;
  const auto result = run_tool("", {"--input", dir.path().string()});
  check_error(result, 66, "missing_input");
  CHECK(stdout_json(result)["error"]["message"].get<std::string>().find("folder") != std::string::npos);
}

TEST_CASE("contract: JOB_PROGRESS_FD naming stdin - stdout or stderr is a usage error - progress never mixes into the result") {
  for (const char* fd : {"0", "1", "2"}) {
    CAPTURE(fd);
    const auto result = run_tool(R"({"message":"m","progress":[10,50]})", {}, {std::string("JOB_PROGRESS_FD=") + fd});
    check_error(result, 64, "usage", "env:JOB_PROGRESS_FD");
  }
}
