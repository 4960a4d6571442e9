// Review rows from an NDJSON file under STORAGE_DIR instead of the reviews table, for shell
// and migration use: one object per line, {"contractor_id": 7, "rating": 5, "verified":
// true, "created_at": "2026-11-01T10:00:00Z", "deleted_at": null}, counted by the rules of
// reviews.sql. Read in blocks, so a file of millions of lines never sits in memory.
#pragma once

#include <string>
#include <vector>

#include "contractor.hpp"
#include "job.hpp"
#include "jobkit/file_descriptor.hpp"
#include "jobkit/job_error.hpp"

namespace calc_rankings {

// Adds each counted review to its contractor in `contractors` (rows of other contractors are
// skipped, like reviews of inactive ones). Errors: invalid data (65) at /reviews_file naming
// the line and the member that is wrong; io_error (74) when reading fails.
jobkit::Status read_ndjson_reviews(const jobkit::FileDescriptor& file, const RankingJob& job,
                                   std::vector<Contractor>& contractors);

}  // namespace calc_rankings
