// JobError: the one description of a failure that a tool reports, and Result<T>, the value
// that carries either a T or a JobError (std::expected arrives only in C++23).
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "jobkit/exit_code.hpp"

namespace jobkit {

// One problem with one field, when a job has several.
struct FieldProblem {
  std::string field;    // JSON Pointer, "" for the whole document
  std::string message;  // without the pointer: "expected a string, got number"
};

struct JobError {
  ExitCode exit_code = ExitCode::internal;
  std::string code;     // stable machine-readable name, e.g. "invalid_field"
  std::string message;  // one line for a person; never holds secrets
  std::string field;    // JSON Pointer of the offending field, or "" when none applies
  std::vector<FieldProblem> details;  // every problem when more than one was found
  int retry_after_seconds = -1;       // from a Retry-After header; -1 when none was given

  // An error whose code is the exit code's own name.
  static JobError make(ExitCode exit_code, std::string message, std::string field = {});
};

// {"error":{"code":...,"message":...,"field":...}}; "field" only when set, "details" only
// when there is more than one problem, "retry_after_seconds" only when known.
nlohmann::json to_json(const JobError& error);

// Thrown where a failure cannot be returned (deep inside parsing, constructors); the entry
// helper catches it and reports error() exactly like a returned JobError.
class JobFailure : public std::runtime_error {
 public:
  explicit JobFailure(JobError error);
  const JobError& error() const { return m_error; }

 private:
  JobError m_error;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_state(std::move(value)) {}        // NOLINT: implicit by design
  Result(JobError error) : m_state(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(m_state); }
  explicit operator bool() const { return ok(); }

  // Requires: ok().
  T& value() & { return std::get<T>(m_state); }
  const T& value() const& { return std::get<T>(m_state); }
  T&& value() && { return std::get<T>(std::move(m_state)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // Requires: !ok().
  const JobError& error() const { return std::get<JobError>(m_state); }

  // The value, or a JobFailure carrying the error.
  T value_or_throw() && {
    if (!ok()) throw JobFailure(error());
    return std::get<T>(std::move(m_state));
  }

 private:
  std::variant<T, JobError> m_state;
};

// Result<void>: success carries nothing.
struct Done {};
using Status = Result<Done>;

}  // namespace jobkit
