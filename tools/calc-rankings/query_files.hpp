// The named SQL files calc-rankings runs: shipped in queries/ and replaceable, file by file,
// through --queries DIR or CALC_RANKINGS_QUERIES (job data never carries SQL).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "jobkit/postgres_connection.hpp"

namespace calc_rankings {

// Reads <folder>/<name>.sql; the query's name (for errors) is the file's path. Errors: config
// (78) naming the file when it cannot be read or is empty.
jobkit::Result<jobkit::SqlQuery> load_query(const std::filesystem::path& folder, std::string_view name);

}  // namespace calc_rankings
