#include "badge_run.hpp"

#include <algorithm>
#include <set>
#include <tuple>

namespace calc_badges {

BadgeRun::BadgeRun(jobkit::PostgresConnection& connection, const BadgeQueries& queries, const BadgeCatalog& catalog,
                   RunSettings settings)
    : m_connection(connection),
      m_queries(queries),
      m_catalog(catalog),
      m_settings(settings),
      m_needs(fact_needs(catalog.rules)) {}

jobkit::Status BadgeRun::preload_category_sizes() {
  if (!m_needs.category_sizes) return jobkit::Done{};
  return read_category_sizes(m_connection, m_queries, std::nullopt, m_sizes);
}

jobkit::Status BadgeRun::run_batch(const std::vector<ContractorRow>& contractors) {
  if (contractors.empty()) return jobkit::Done{};
  std::vector<std::int64_t> ids;
  for (const ContractorRow& row : contractors) ids.push_back(row.id);
  std::sort(ids.begin(), ids.end());
  if (m_settings.dry_run) {
    return m_connection.transaction(jobkit::TransactionAccess::read_only, [&] { return evaluate(contractors, ids); });
  }
  // Session locks, taken before BEGIN: the transaction's snapshot then includes whatever a
  // concurrent run committed for these contractors before it let go of them.
  if (auto locked = m_connection.execute(m_queries.lock, {id_array(ids)}); !locked) return locked.error();
  jobkit::Status done =
      m_connection.transaction(jobkit::TransactionAccess::read_write, [&] { return evaluate(contractors, ids); });
  auto unlocked = m_connection.execute(m_queries.unlock);
  if (!done) return done;
  if (!unlocked) return unlocked.error();
  return jobkit::Done{};
}

jobkit::Status BadgeRun::evaluate(const std::vector<ContractorRow>& contractors, const std::vector<std::int64_t>& ids) {
  auto facts = read_facts(m_connection, m_queries, m_needs, contractors, m_sizes);
  if (!facts) return facts.error();
  auto held = read_held_badges(m_connection, m_queries, ids);
  if (!held) return held.error();
  static const std::vector<HeldBadge> none;
  std::vector<BadgeChange> changes;
  for (const ContractorFacts& contractor : facts.value()) {
    const auto holding = held->find(contractor.id);
    auto found = badge_changes(contractor, holding == held->end() ? none : holding->second, m_catalog.rules);
    changes.insert(changes.end(), found.begin(), found.end());
  }
  std::vector<Award> awards;
  if (!m_settings.dry_run) {
    auto written = write_changes(m_connection, m_queries, changes);
    if (!written) return written.error();
    awards = std::move(written).value();
  }
  // Totals change only here, at the end of the body: a failed batch fails the whole run.
  m_totals.contractors += static_cast<std::int64_t>(contractors.size());
  tally(changes);
  if (m_settings.announce_since_us) {
    std::set<std::pair<std::int64_t, std::string>> revoked;
    for (const BadgeChange& change : changes) {
      if (change.kind == ChangeKind::revoke) revoked.emplace(change.contractor_id, change.slug);
    }
    for (const auto& [id, badges] : held.value()) {
      for (const HeldBadge& badge : badges) {
        if (!badge.staff && badge.awarded_us >= *m_settings.announce_since_us && !revoked.contains({id, badge.slug})) {
          awards.push_back({.contractor_id = id, .slug = badge.slug, .awarded_us = badge.awarded_us});
        }
      }
    }
  }
  std::sort(awards.begin(), awards.end(), [](const Award& a, const Award& b) {
    return std::tie(a.contractor_id, a.slug) < std::tie(b.contractor_id, b.slug);
  });
  m_totals.announce.insert(m_totals.announce.end(), awards.begin(), awards.end());
  return jobkit::Done{};
}

void BadgeRun::tally(const std::vector<BadgeChange>& changes) {
  for (const BadgeChange& change : changes) {
    auto& counts = change.kind == ChangeKind::award ? m_totals.awarded : m_totals.revoked;
    ++counts[change.slug];
    if (m_totals.changes.size() < max_listed_changes) m_totals.changes.push_back(change);
  }
}

}  // namespace calc_badges
