#include "badge_run.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "recent_revocations.hpp"

namespace calc_badges {

BadgeRun::BadgeRun(jobkit::PostgresConnection& connection, const BadgeQueries& queries, const BadgeCatalog& catalog,
                   RunSettings settings)
    : m_connection(connection),
      m_queries(queries),
      m_catalog(catalog),
      m_settings(settings),
      m_needs(fact_needs(catalog.rules)) {}

jobkit::Status BadgeRun::run_batch(const std::vector<ContractorRow>& contractors) {
  if (contractors.empty()) return jobkit::Done{};
  std::vector<std::int64_t> ids;
  for (const ContractorRow& row : contractors) ids.push_back(row.id);
  std::sort(ids.begin(), ids.end());
  const std::string array = id_array(ids);
  const bool dry_run = m_settings.dry_run;
  // One round trip for the reads: the session locks in a segment of their own (so that they
  // are held before BEGIN's snapshot is taken, as in locked()), then BEGIN and every read.
  std::vector<jobkit::PipelinedStatement> reads;
  if (!dry_run) reads.push_back({.query = &m_queries.lock, .parameters = {array}, .ends_segment = true});
  reads.push_back({.query = &jobkit::begin_statement(dry_run ? jobkit::TransactionAccess::read_only
                                                             : jobkit::TransactionAccess::read_write)});
  const std::size_t first_read = reads.size();
  for (jobkit::PipelinedStatement& statement : batch_read_statements(m_queries, m_needs, array)) {
    reads.push_back(std::move(statement));
  }
  auto read_results = m_connection.execute_pipeline(reads);
  if (!read_results) return abandon_batch(read_results.error());
  auto read = read_batch_results(m_connection, m_queries, m_needs, contractors, read_results->data() + first_read, m_sizes);
  if (!read) return abandon_batch(read.error());
  const std::vector<BadgeChange> changes = decide(read->facts, read->held, std::nullopt);

  // The writes: revoke and award, COMMIT, then the unlock in a segment of its own, which runs
  // once the transaction has ended, committed or not. One round trip, or two with awards:
  // award.sql's rows (an operator may have rewritten it) are read before COMMIT, so that
  // rows it returns wrongly roll the batch back instead of failing after it committed, when
  // its awards could no longer be announced.
  ChangeStatements writes = dry_run ? ChangeStatements{} : change_statements(m_queries, changes);
  std::vector<Award> awards;
  if (writes.awards) {
    auto written = m_connection.execute_pipeline(writes.statements);
    if (!written) return abandon_batch(written.error());
    auto awarded = written_awards(written->back().rows(), m_queries);
    if (!awarded) return abandon_batch(awarded.error());
    awards = std::move(awarded).value();
    writes.statements.clear();
  }
  writes.statements.push_back({.query = &jobkit::commit_statement(), .ends_segment = true});
  if (!dry_run) writes.statements.push_back({.query = &m_queries.unlock});
  if (auto ended = m_connection.execute_pipeline(writes.statements); !ended) return abandon_batch(ended.error());
  record(read->facts.size(), changes, std::move(awards), read->held);
  return jobkit::Done{};
}

jobkit::Status BadgeRun::abandon_batch(const jobkit::JobError& error) {
  // Whatever of the pipelines ran: an open (or failed) transaction ends without its writes,
  // and no lock outlives the batch. ROLLBACK without a transaction is only a warning.
  if (!m_connection.broken()) {
    (void)m_connection.execute(jobkit::rollback_statement());
    if (!m_settings.dry_run) (void)m_connection.execute(m_queries.unlock);
  }
  return error;
}

jobkit::Status BadgeRun::run_read_batch(const std::vector<ContractorFacts>& facts, std::int64_t as_of_us) {
  if (facts.empty()) return jobkit::Done{};
  std::vector<std::int64_t> ids;
  for (const ContractorFacts& contractor : facts) ids.push_back(contractor.id);
  return locked(ids, [&] { return apply(facts, ids, as_of_us); });
}

jobkit::Status BadgeRun::locked(const std::vector<std::int64_t>& ids, const std::function<jobkit::Status()>& body) {
  if (m_settings.dry_run) return m_connection.transaction(jobkit::TransactionAccess::read_only, body);
  // Session locks, taken before BEGIN: the transaction's snapshot then includes whatever a
  // concurrent run committed for these contractors before it let go of them.
  if (auto locked = m_connection.execute(m_queries.lock, {id_array(ids)}); !locked) return locked.error();
  jobkit::Status done = m_connection.transaction(jobkit::TransactionAccess::read_write, body);
  auto unlocked = m_connection.execute(m_queries.unlock);
  if (!done) return done;
  if (!unlocked) return unlocked.error();
  return jobkit::Done{};
}

jobkit::Status BadgeRun::apply(const std::vector<ContractorFacts>& facts, const std::vector<std::int64_t>& ids,
                               std::int64_t facts_as_of_us) {
  auto held = read_held_badges(m_connection, m_queries, ids);
  if (!held) return held.error();
  std::vector<BadgeChange> changes = decide(facts, held.value(), facts_as_of_us);
  if (auto kept = drop_awards_revoked_since(m_connection, m_queries, facts_as_of_us, changes); !kept) return kept;
  std::vector<Award> awards;
  if (!m_settings.dry_run) {
    auto written = write_changes(m_connection, m_queries, changes);
    if (!written) return written.error();
    awards = std::move(written).value();
  }
  record(facts.size(), changes, std::move(awards), held.value());
  return jobkit::Done{};
}

std::vector<BadgeChange> BadgeRun::decide(const std::vector<ContractorFacts>& facts, const HeldBadges& held,
                                          std::optional<std::int64_t> facts_as_of_us) const {
  static const std::vector<HeldBadge> none;
  std::vector<BadgeChange> changes;
  for (const ContractorFacts& contractor : facts) {
    const auto holding = held.find(contractor.id);
    const std::vector<HeldBadge>& badges = holding == held.end() ? none : holding->second;
    for (BadgeChange& change : badge_changes(contractor, badges, m_catalog.rules)) {
      const auto newer = [&](const HeldBadge& badge) {
        return badge.slug == change.slug && facts_as_of_us && badge.awarded_us >= *facts_as_of_us;
      };
      if (change.kind == ChangeKind::revoke && std::any_of(badges.begin(), badges.end(), newer)) continue;
      changes.push_back(std::move(change));
    }
  }
  return changes;
}

void BadgeRun::record(std::size_t contractors, const std::vector<BadgeChange>& changes, std::vector<Award> awards,
                      const HeldBadges& held) {
  // Totals change only here, once the batch's writes are in: a failed batch fails the whole run.
  m_totals.contractors += static_cast<std::int64_t>(contractors);
  tally(changes);
  if (m_settings.announce_since_us) {
    std::set<std::pair<std::int64_t, std::string>> revoked;
    for (const BadgeChange& change : changes) {
      if (change.kind == ChangeKind::revoke) revoked.emplace(change.contractor_id, change.slug);
    }
    for (const auto& [id, badges] : held) {
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
}

void BadgeRun::tally(const std::vector<BadgeChange>& changes) {
  for (const BadgeChange& change : changes) {
    auto& counts = change.kind == ChangeKind::award ? m_totals.awarded : m_totals.revoked;
    ++counts[change.slug];
    if (m_totals.changes.size() < max_listed_changes) m_totals.changes.push_back(change);
  }
}

}  // namespace calc_badges
