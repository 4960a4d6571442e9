// The rows of a job, from wherever the job says: inline, an NDJSON file under STORAGE_DIR
// (one JSON object a line), or a shipped named query run with parameters against
// DATABASE_URL (each row one JSON column, so numbers and booleans keep their type).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobkit/job_environment.hpp"
#include "jobkit/job_error.hpp"
#include "job.hpp"

namespace sync_sheets {

// Called with each record (a JSON object) and where it came from, for errors: "/rows/3",
// "/file line 4", "/query row 12". An error it returns stops the reading and is returned.
using RecordHandler = std::function<jobkit::Status(const nlohmann::json& record, const std::string& where)>;

// Hands every record to on_record as it is read, so that a large file or query result is
// never held whole. Errors: the storage root's (66 missing file, 77 outside the root),
// invalid_data (65) for a line that is not a JSON object, the PostgreSQL connection's and
// classify_sqlstate's, config (78) for a query file that cannot be read.
jobkit::Status for_each_record(const Source& source, const std::filesystem::path& queries,
                               const jobkit::EnvironmentLookup& environment, const RecordHandler& on_record);

}  // namespace sync_sheets
