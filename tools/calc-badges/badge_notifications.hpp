// The "badge-awarded" notifications of a run's awards, as follow-up jobs for queue-runner.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "badge_catalog.hpp"
#include "badge_queries.hpp"
#include "badge_writer.hpp"
#include "job.hpp"
#include "jobkit/postgres_connection.hpp"

namespace calc_badges {

// One send-notification job per award whose contractor has a reachable user. Its job id is
// badge-awarded-<contractor>-<badge>-<awarded_at in µs>: the same award always gets the same
// id, so a retried job's follow-ups are added once, and a later award of the same badge (after
// a revocation) is announced again. At most notify.max awards are announced, the first in
// contractor order (the same ones again when a retried job announces the same awards).
jobkit::Result<nlohmann::json> badge_notifications(jobkit::PostgresConnection& connection, const BadgeQueries& queries,
                                                   const Notify& notify, const BadgeCatalog& catalog,
                                                   const std::vector<Award>& awards);

}  // namespace calc_badges
