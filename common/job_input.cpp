// Job input: read with a size cap, validate, parse.
#include "jobkit/job_input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include <fmt/format.h>

#include "jobkit/utf8.hpp"

namespace jobkit {
namespace {

JobError invalid_json(std::string code, std::string message) {
  JobError error = JobError::make(ExitCode::invalid_data, std::move(message));
  error.code = std::move(code);
  return error;
}

// The offset of the first bracket that opens level max_depth + 1, ignoring brackets in strings.
std::optional<std::size_t> find_excessive_nesting(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;  // skip the escaped character, which may be a quote
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::nullopt;
}

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 1,
// column 2: " or "[json.exception.out_of_range.406] "; we report our own position, so keep
// only what follows.
std::string parser_reason(const std::string& what) {
  const auto column = what.find("column ");
  if (column != std::string::npos) {
    const auto colon = what.find(": ", column);
    if (colon != std::string::npos) return what.substr(colon + 2);
  }
  const auto bracket = what.find("] ");
  return bracket == std::string::npos ? what : what.substr(bracket + 2);
}

}  // namespace

TextPosition text_position(std::string_view text, std::size_t byte_offset) {
  TextPosition position;
  const std::size_t end = std::min(byte_offset, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n') {
      ++position.line;
      position.column = 1;
    } else if ((byte & 0xC0) != 0x80) {
      ++position.column;
    }
  }
  return position;
}

Result<std::string> read_job_text(int fd, const JobInputLimits& limits) {
  std::string text;
  char buffer[65536];
  for (;;) {
    const ssize_t count = ::read(fd, buffer, sizeof buffer);
    if (count == 0) break;
    if (count < 0) {
      if (errno == EINTR) continue;
      return JobError::make(ExitCode::io_error, fmt::format("cannot read the job: {}", std::strerror(errno)));
    }
    if (text.size() + static_cast<std::size_t>(count) > limits.max_bytes) {
      JobError error = invalid_json(
          "job_too_large", fmt::format("the job is larger than the limit of {} bytes", limits.max_bytes));
      return error;
    }
    text.append(buffer, static_cast<std::size_t>(count));
  }
  return text;
}

Result<std::string> read_job_file(const std::string& path, const JobInputLimits& limits) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return JobError::make(ExitCode::missing_input, fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  }
  // A folder opens fine and fails only on read (EISDIR, an I/O error that is retried); it is
  // as wrong as a missing file and stays wrong, so it is told apart here.
  struct stat status {};
  if (::fstat(fd, &status) == 0 && S_ISDIR(status.st_mode)) {
    ::close(fd);
    return JobError::make(ExitCode::missing_input, fmt::format("cannot read {}: it is a folder, not a file", path));
  }
  auto text = read_job_text(fd, limits);
  ::close(fd);
  return text;
}

Result<nlohmann::json> parse_job(std::string_view text, const JobInputLimits& limits) {
  if (const auto bad = find_invalid_utf8(text)) {
    const TextPosition at = text_position(text, *bad);
    return invalid_json("invalid_utf8", fmt::format("the job is not valid UTF-8: bad byte at offset {} "
                                                    "(line {}, column {})", *bad, at.line, at.column));
  }
  if (const auto deep = find_excessive_nesting(text, limits.max_depth)) {
    const TextPosition at = text_position(text, *deep);
    return invalid_json("too_deep", fmt::format("the job nests deeper than {} levels at line {}, column {}",
                                                limits.max_depth, at.line, at.column));
  }
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based and points just past the offending character.
    const TextPosition at = text_position(text, e.byte > 0 ? e.byte - 1 : 0);
    return invalid_json("invalid_json", fmt::format("the job is not valid JSON at line {}, column {}: {}", at.line,
                                                    at.column, parser_reason(e.what())));
  } catch (const nlohmann::json::exception& e) {
    // For example out_of_range 406, a number too large for a double ("1e400").
    return invalid_json("invalid_json", fmt::format("the job is not valid JSON: {}", parser_reason(e.what())));
  }
  if (!document.is_object()) {
    return invalid_json("invalid_json",
                        fmt::format("the job must be a JSON object, not {}", document.type_name()));
  }
  return document;
}

}  // namespace jobkit
