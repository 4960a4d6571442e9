// One run over batches of contractors: per batch, lock the contractors, read their open badges
// (and, for named contractors, their facts) in one transaction, write the difference in that
// same transaction, and tally. A named batch takes two round trips (its reads, its writes),
// so that a single contractor's job after a review answers in milliseconds. A sweep's facts come from its own snapshot (SweepReader).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "badge_catalog.hpp"
#include "badge_queries.hpp"
#include "badge_writer.hpp"
#include "fact_reader.hpp"
#include "jobkit/postgres_connection.hpp"

namespace calc_badges {

struct RunSettings {
  bool dry_run = false;
  // Open rule badges awarded at or after this instant (the job's creation, microseconds) are
  // announced although this run found them already written: an earlier attempt of the same
  // job committed them and was killed before its result was stored. nullopt: only this run's.
  std::optional<std::int64_t> announce_since_us;
};

struct RunTotals {
  std::int64_t contractors = 0;
  std::map<std::string, std::int64_t> awarded;  // per badge
  std::map<std::string, std::int64_t> revoked;
  std::vector<BadgeChange> changes;             // the first max_listed_changes
  std::vector<Award> announce;                  // in contractor order
};

inline constexpr std::size_t max_listed_changes = 100;

class BadgeRun {
 public:
  BadgeRun(jobkit::PostgresConnection& connection, const BadgeQueries& queries, const BadgeCatalog& catalog,
           RunSettings settings);

  // Named contractors: their facts are read inside the batch's transaction, after the locks.
  jobkit::Status run_batch(const std::vector<ContractorRow>& contractors);
  // A sweep's batch (sorted by id): facts read from the sweep's snapshot of as_of_us. A rule
  // badge awarded at or after as_of_us was decided on newer facts than these (by a job that
  // ran while the sweep read) and is not revoked on these; one revoked at or after it is not
  // awarded again on these.
  jobkit::Status run_read_batch(const std::vector<ContractorFacts>& facts, std::int64_t as_of_us);
  const RunTotals& totals() const { return m_totals; }

 private:
  // Runs body in the batch's transaction, with the batch's contractors locked (not in a dry run).
  jobkit::Status locked(const std::vector<std::int64_t>& ids, const std::function<jobkit::Status()>& body);
  // A sweep's batch, inside locked().
  jobkit::Status apply(const std::vector<ContractorFacts>& facts, const std::vector<std::int64_t>& ids,
                       std::int64_t facts_as_of_us);
  // Ends a named batch's transaction and locks after a failed pipeline; returns error.
  jobkit::Status abandon_batch(const jobkit::JobError& error);
  std::vector<BadgeChange> decide(const std::vector<ContractorFacts>& facts, const HeldBadges& held,
                                  std::optional<std::int64_t> facts_as_of_us) const;
  // Adds a batch whose writes are in to the totals (and what to announce).
  void record(std::size_t contractors, const std::vector<BadgeChange>& changes, std::vector<Award> awards,
              const HeldBadges& held);
  void tally(const std::vector<BadgeChange>& changes);

  jobkit::PostgresConnection& m_connection;
  const BadgeQueries& m_queries;
  const BadgeCatalog& m_catalog;
  RunSettings m_settings;
  FactNeeds m_needs;
  CategorySizes m_sizes;
  RunTotals m_totals;
};

}  // namespace calc_badges
