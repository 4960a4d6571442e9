// jobkit-contract-tool: a tool that exists only to test the job contract end to end. Its
// job exercises every part of common/ that a real tool uses: typed fields with nested
// arrays, storage paths and atomic writes, progress, JOB_* metadata, logging, and each
// way a tool can fail.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobkit/tool_context.hpp"

namespace contract_tool {

struct Recipient {
  std::string email;
  std::string name;
};

struct FileToWrite {
  std::string path;        // relative to STORAGE_DIR
  std::int64_t bytes = 0;  // of 'x'
  std::int64_t pause_ms = 0;  // sleep halfway through, so a test can kill the writer
};

struct Failure {
  std::string kind;  // "temporary", "invalid_data", "throw", "abort"
  std::string message;
};

// Behaviour for queue-runner's tests: slow, noisy or flaky tools.
struct Behaviour {
  std::int64_t sleep_ms = 0;            // before doing anything else
  bool ignore_sigterm = false;          // so that only SIGKILL ends the sleep
  std::int64_t output_bytes = 0;        // padding added to the result
  std::int64_t fail_until_attempt = 0;  // temporary failure while JOB_ATTEMPT is below this
  std::optional<nlohmann::json> result; // members merged into the result (e.g. "enqueue")
  bool report_process = false;          // add {"process": {"pid", "parent", "group"}} to the result
};

struct ContractJob {
  std::string message;
  Behaviour behaviour;
  std::vector<Recipient> recipients;
  std::vector<std::int64_t> progress;
  std::vector<std::string> log;
  std::optional<FileToWrite> write;
  std::optional<Failure> fail;
};

jobkit::Result<ContractJob> read_contract_job(const nlohmann::json& document);

jobkit::Result<nlohmann::json> run_contract_job(const nlohmann::json& document, const jobkit::ToolContext& context);

}  // namespace contract_tool
