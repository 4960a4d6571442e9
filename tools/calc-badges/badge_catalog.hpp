// The rules a run applies: the rules file's, with a badge's own badges.rule in the database
// taking its place, each checked against the badges table.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "badge_queries.hpp"
#include "jobkit/postgres_connection.hpp"
#include "rules.hpp"

namespace calc_badges {

struct BadgeCatalog {
  std::vector<BadgeRule> rules;             // sorted by slug
  std::map<std::string, std::string> names; // slug -> badges.name, for notifications
};

// Errors: invalid data (65, "invalid_rules") for a rule naming a badge the badges table does
// not have (field /badges/<slug>) or a badges.rule column that is not a valid rule (field
// the pointer inside that rule, the message naming the badge). `rows`: badges.sql's result.
jobkit::Result<BadgeCatalog> read_badge_catalog(const jobkit::PostgresRows& rows, const BadgeQueries& queries,
                                                const std::vector<BadgeRule>& file_rules);
// The same, running badges.sql itself; plus the connection's errors.
jobkit::Result<BadgeCatalog> read_badge_catalog(jobkit::PostgresConnection& connection, const BadgeQueries& queries,
                                                const std::vector<BadgeRule>& file_rules);

}  // namespace calc_badges
