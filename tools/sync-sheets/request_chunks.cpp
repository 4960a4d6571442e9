#include "request_chunks.hpp"

#include <fmt/format.h>

namespace sync_sheets {

jobkit::Result<std::vector<std::pair<std::size_t, std::size_t>>> chunk_rows(const std::vector<std::string_view>& rows,
                                                                          std::size_t max_bytes, std::size_t per_row_bytes) {
  std::vector<std::pair<std::size_t, std::size_t>> chunks;
  const std::size_t budget = max_bytes - k_envelope_bytes;
  std::size_t begin = 0;
  std::size_t used = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::size_t size = rows[i].size() + per_row_bytes;
    if (size > budget) {
      return jobkit::JobError::make(jobkit::ExitCode::invalid_data,
                                    fmt::format("row {} is {} bytes, more than one request may carry ({} bytes)", i + 1, size, budget));
    }
    if (used + size > budget) {
      chunks.emplace_back(begin, i);
      begin = i;
      used = 0;
    }
    used += size;
  }
  if (begin < rows.size()) chunks.emplace_back(begin, rows.size());
  return chunks;
}

std::string join_rows(const std::vector<std::string_view>& rows, std::size_t begin, std::size_t end) {
  std::size_t length = 2;
  for (std::size_t i = begin; i < end; ++i) length += rows[i].size() + 1;
  std::string values;
  values.reserve(length);
  values += '[';
  for (std::size_t i = begin; i < end; ++i) {
    if (i > begin) values += ',';
    values += rows[i];
  }
  values += ']';
  return values;
}

}  // namespace sync_sheets
