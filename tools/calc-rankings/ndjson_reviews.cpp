#include "ndjson_reviews.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "scoring.hpp"
#include "timestamp.hpp"

namespace calc_rankings {
namespace {

constexpr std::size_t k_read_block = 1 << 16;
constexpr std::size_t k_max_line = 1 << 16;  // a review row is a few hundred bytes

jobkit::JobError bad_line(std::size_t line, const std::string& problem) {
  jobkit::JobError error = jobkit::JobError::make(
      jobkit::ExitCode::invalid_data, fmt::format("reviews_file line {}: {}", line, problem), "/reviews_file");
  error.code = "invalid_review_row";
  return error;
}

std::optional<std::int64_t> timestamp_member(const nlohmann::json& row, const char* key, bool required,
                                             std::size_t line, std::optional<jobkit::JobError>& error) {
  const auto found = row.find(key);
  if (found == row.end() || found->is_null()) {
    if (required) error = bad_line(line, fmt::format("/{} is missing", key));
    return std::nullopt;
  }
  const auto parsed = found->is_string() ? parse_rfc3339(found->get<std::string>()) : std::nullopt;
  if (!parsed) error = bad_line(line, fmt::format("/{} must be an RFC 3339 date-time", key));
  return parsed;
}

class ReviewRows {
 public:
  ReviewRows(const RankingJob& job, std::vector<Contractor>& contractors) : m_job(job), m_contractors(contractors) {
    for (std::size_t i = 0; i < contractors.size(); ++i) m_index.emplace(contractors[i].id, i);
  }

  jobkit::Status add_line(std::string_view text, std::size_t line) {
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) return jobkit::Done{};
    const nlohmann::json row = nlohmann::json::parse(text, nullptr, false);
    if (row.is_discarded() || !row.is_object()) return bad_line(line, "not a JSON object");
    const auto id = row.find("contractor_id");
    if (id == row.end() || !id->is_number_integer()) return bad_line(line, "/contractor_id must be an integer");
    const auto rating = row.find("rating");
    if (rating == row.end() || !rating->is_number_integer() || rating->get<std::int64_t>() < 1 ||
        rating->get<std::int64_t>() > 5) {
      return bad_line(line, "/rating must be an integer from 1 to 5");
    }
    const auto verified = row.find("verified");
    if (verified == row.end() || !verified->is_boolean()) return bad_line(line, "/verified must be true or false");
    std::optional<jobkit::JobError> error;
    const auto created = timestamp_member(row, "created_at", true, line, error);
    const auto deleted = timestamp_member(row, "deleted_at", false, line, error);
    if (error) return *error;
    const auto found = m_index.find(id->get<std::int64_t>());
    if (found == m_index.end()) return jobkit::Done{};
    if (*created > m_job.as_of_epoch || (deleted && *deleted <= m_job.as_of_epoch)) return jobkit::Done{};
    count_review(m_contractors[found->second], m_job.parameters, rating->get<std::int64_t>(),
                 static_cast<double>(m_job.as_of_epoch - *created), verified->get<bool>());
    return jobkit::Done{};
  }

 private:
  const RankingJob& m_job;
  std::vector<Contractor>& m_contractors;
  std::unordered_map<std::int64_t, std::size_t> m_index;
};

}  // namespace

jobkit::Status read_ndjson_reviews(const jobkit::FileDescriptor& file, const RankingJob& job,
                                   std::vector<Contractor>& contractors) {
  ReviewRows rows(job, contractors);
  std::string pending;
  std::string block(k_read_block, '\0');
  std::size_t line = 0;
  for (;;) {
    const ssize_t got = ::read(file.get(), block.data(), block.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      return jobkit::JobError::make(jobkit::ExitCode::io_error,
                                    fmt::format("reading reviews_file failed: {}", std::strerror(errno)), "/reviews_file");
    }
    if (got == 0) break;
    pending.append(block.data(), static_cast<std::size_t>(got));
    std::size_t start = 0;
    for (std::size_t end = pending.find('\n'); end != std::string::npos; end = pending.find('\n', start)) {
      if (auto added = rows.add_line(std::string_view(pending).substr(start, end - start), ++line); !added) return added;
      start = end + 1;
    }
    pending.erase(0, start);
    if (pending.size() > k_max_line) return bad_line(line + 1, "longer than 64 KiB");
  }
  if (!pending.empty()) return rows.add_line(pending, ++line);
  return jobkit::Done{};
}

}  // namespace calc_rankings
