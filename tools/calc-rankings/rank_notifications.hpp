// The ranking-changed notifications for contractors whose rank moved: follow-up jobs for
// send-notification, one per contractor and run. Each carries a BullMQ jobId made of the run
// and the contractor, so that a retried run cannot enqueue the same notification twice.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "job.hpp"
#include "jobkit/postgres_connection.hpp"
#include "report.hpp"

namespace calc_rankings {

// run_id: the queue job's id, or as_of when run by hand. Contractors without an address (or
// opted out) are left out by recipients.sql.
jobkit::Result<nlohmann::json> ranking_notifications(jobkit::PostgresConnection& connection,
                                                     const std::filesystem::path& queries, const Notify& notify,
                                                     const std::vector<MovedContractor>& moved,
                                                     const std::string& run_id);

}  // namespace calc_rankings
