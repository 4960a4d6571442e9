// Reading a job: the bytes from stdin or --input, checked (size, UTF-8, nesting) and parsed
// into a JSON object. Every failure is a JobError with the exit code of the contract.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "jobkit/job_error.hpp"

namespace jobkit {

struct JobInputLimits {
  std::size_t max_bytes = 16 * 1024 * 1024;
  // Deeper documents are refused before parsing: nothing legitimate nests this far, and a
  // hostile "[[[[..." must not exhaust the stack of whoever walks the tree later.
  int max_depth = 64;
};

// 1-based line and column (in characters, not bytes) of a byte offset in text.
struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;
};
TextPosition text_position(std::string_view text, std::size_t byte_offset);

// Reads all of fd up to limits.max_bytes. Errors: invalid_data (65) when larger,
// io_error (74) when reading fails.
Result<std::string> read_job_text(int fd, const JobInputLimits& limits);

// Reads a job file. Errors: missing_input (66) when it cannot be opened or is a folder,
// then as above.
Result<std::string> read_job_file(const std::string& path, const JobInputLimits& limits);

// Parses a job document. Errors, all invalid_data (65): invalid UTF-8 (with its byte
// offset), nesting deeper than limits.max_depth, malformed JSON (with line and column),
// and a top level that is not an object.
Result<nlohmann::json> parse_job(std::string_view text, const JobInputLimits& limits);

}  // namespace jobkit
