#include "request_chunks.hpp"

#include <fmt/format.h>

namespace sync_sheets {

jobkit::Result<std::vector<std::pair<std::size_t, std::size_t>>> chunk_rows(const std::vector<nlohmann::json>& rows,
                                                                          std::size_t max_bytes, std::size_t per_row_bytes) {
  std::vector<std::pair<std::size_t, std::size_t>> chunks;
  const std::size_t budget = max_bytes - k_envelope_bytes;
  std::size_t begin = 0;
  std::size_t used = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    // The size the body will have: the same dump the client sends, plus the row's overhead.
    const std::size_t size = rows[i].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).size() + per_row_bytes;
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

nlohmann::json rows_slice(const std::vector<nlohmann::json>& rows, std::size_t begin, std::size_t end) {
  nlohmann::json values = nlohmann::json::array();
  for (std::size_t i = begin; i < end; ++i) values.push_back(rows[i]);
  return values;
}

}  // namespace sync_sheets
