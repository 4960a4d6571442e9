// Reading and running the contract tool's job.
#include "contract_job.hpp"

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "jobkit/json_fields.hpp"
#include "jobkit/storage.hpp"

namespace contract_tool {
namespace {

using jobkit::ExitCode;
using jobkit::JobError;
using jobkit::JsonObject;

Recipient read_recipient(JsonObject object) {
  return {object.required("email").as_string({.min_length = 3, .max_length = 254}),
          object.optional("name").string_or("", {.max_length = 200})};
}

FileToWrite read_file_to_write(JsonObject object) {
  return {object.required("path").as_string({.min_length = 1, .max_length = 1024}),
          object.required("bytes").as_integer({0, 64 * 1024 * 1024}),
          object.optional("pause_ms").integer_or(0, {0, 60000})};
}

Failure read_failure(JsonObject object) {
  Failure failure{object.required("kind").as_string(), object.optional("message").string_or("requested failure")};
  const auto kind = failure.kind;
  if (kind != "temporary" && kind != "invalid_data" && kind != "throw" && kind != "abort") {
    object.required("kind").reject("must be temporary, invalid_data, throw or abort");
  }
  return failure;
}

jobkit::Result<nlohmann::json> write_file(const FileToWrite& file, const jobkit::ToolContext& context) {
  auto storage = jobkit::StorageRoot::from_environment(context.environment);
  if (!storage) return storage.error();
  auto target = storage->resolve(file.path, "/write/path");
  if (!target) return target.error();
  if (context.mode == jobkit::RunMode::dry_run) return nlohmann::json{{"would_write", file.path}};

  auto output = jobkit::AtomicFile::create(target.value());
  if (!output) return output.error();
  const std::string half(static_cast<std::size_t>(file.bytes / 2), 'x');
  if (auto written = output->write(half); !written) return written.error();
  if (file.pause_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(file.pause_ms));
  const std::string rest(static_cast<std::size_t>(file.bytes - file.bytes / 2), 'x');
  if (auto written = output->write(rest); !written) return written.error();
  if (auto committed = output->commit(); !committed) return committed.error();
  return nlohmann::json{{"path", file.path}, {"bytes", file.bytes}};
}

Behaviour read_behaviour(JsonObject& root) {
  Behaviour behaviour;
  behaviour.sleep_ms = root.optional("sleep_ms").integer_or(0, {0, 3600000});
  behaviour.ignore_sigterm = root.optional("ignore_sigterm").bool_or(false);
  behaviour.output_bytes = root.optional("output_bytes").integer_or(0, {0, 256 * 1024 * 1024});
  behaviour.fail_until_attempt = root.optional("fail_until_attempt").integer_or(0, {0, 1000});
  behaviour.report_process = root.optional("report_process").bool_or(false);
  if (const auto result = root.optional("result"); result.present()) {
    if (result.json().is_object()) behaviour.result = result.json();
    else result.reject("expected an object");
  }
  return behaviour;
}

void behave_before_work(const Behaviour& behaviour) {
  if (behaviour.ignore_sigterm) std::signal(SIGTERM, SIG_IGN);
  if (behaviour.sleep_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(behaviour.sleep_ms));
}

jobkit::Result<nlohmann::json> fail_as_asked(const Failure& failure) {
  if (failure.kind == "throw") throw std::runtime_error(failure.message);
  if (failure.kind == "abort") std::abort();
  return JobError::make(failure.kind == "temporary" ? ExitCode::temporary : ExitCode::invalid_data, failure.message);
}

}  // namespace

jobkit::Result<ContractJob> read_contract_job(const nlohmann::json& document) {
  return jobkit::read_fields<ContractJob>(document, [](JsonObject& root) {
    ContractJob job;
    job.message = root.required("message").as_string({.min_length = 1, .max_length = 1000});
    job.behaviour = read_behaviour(root);
    for (const auto& item : root.optional("recipients").as_array(100)) {
      job.recipients.push_back(read_recipient(item.as_object()));
    }
    for (const auto& item : root.optional("progress").as_array(100)) {
      job.progress.push_back(item.as_integer({0, 100}));
    }
    for (const auto& item : root.optional("log").as_array(100)) job.log.push_back(item.as_string());
    if (const auto write = root.optional("write"); write.present()) job.write = read_file_to_write(write.as_object());
    if (const auto fail = root.optional("fail"); fail.present()) job.fail = read_failure(fail.as_object());
    return job;
  });
}

jobkit::Result<nlohmann::json> run_contract_job(const nlohmann::json& document, const jobkit::ToolContext& context) {
  auto job = read_contract_job(document);
  if (!job) return job.error();
  const bool dry_run = context.mode == jobkit::RunMode::dry_run;
  nlohmann::json result = {{"message", job->message}, {"recipients", job->recipients.size()}};
  if (context.metadata.id) result["job_id"] = *context.metadata.id;
  if (context.metadata.attempt) result["attempt"] = *context.metadata.attempt;
  if (dry_run) result["dry_run"] = true;

  for (const auto& line : job->log) spdlog::info("{}", line);
  if (!dry_run) {
    behave_before_work(job->behaviour);
    if (job->fail) return fail_as_asked(*job->fail);
    if (context.metadata.attempt.value_or(1) < job->behaviour.fail_until_attempt) {
      return JobError::make(ExitCode::temporary, fmt::format("attempt {} fails on purpose", *context.metadata.attempt));
    }
    for (const auto percent : job->progress) context.progress.report(static_cast<int>(percent));
  }
  if (job->write) {
    auto written = write_file(*job->write, context);
    if (!written) return written.error();
    result["written"] = std::move(written.value());
  }
  if (job->behaviour.output_bytes > 0) {
    result["padding"] = std::string(static_cast<std::size_t>(job->behaviour.output_bytes), 'x');
  }
  if (job->behaviour.result) result.update(*job->behaviour.result);
  if (job->behaviour.report_process) {
    result["process"] = {{"pid", ::getpid()}, {"parent", ::getppid()}, {"group", ::getpgrp()}};
  }
  return result;
}

}  // namespace contract_tool
