// Reads the contractors of the categories being ranked, with their review and booking totals,
// from PostgreSQL through the query files, streaming: no result set is held whole.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "contractor.hpp"
#include "job.hpp"
#include "jobkit/postgres_connection.hpp"

namespace calc_rankings {

// "{1,2,3}", the bigint[] parameter of the queries; nullopt (SQL NULL) means every category.
std::optional<std::string> category_array(const std::optional<std::vector<std::int64_t>>& categories);

// Which contractors a read covers: those of `categories` (nullopt: every category) and, when
// `contractor_ids` is set, only those ids.
struct ContractorFilter {
  std::optional<std::vector<std::int64_t>> categories;
  std::optional<std::vector<std::int64_t>> contractor_ids;
};

// Must run inside a transaction. Each review adds review_weight() to weight_sum. With a
// job's reviews_file, reviews are not read here. Appends to
// `contractors` (a contractor already there is not read twice).
jobkit::Status read_contractors(jobkit::PostgresConnection& connection, const std::filesystem::path& queries,
                                const RankingJob& job, const ContractorFilter& filter,
                                std::vector<Contractor>& contractors);

}  // namespace calc_rankings
