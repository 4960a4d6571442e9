// Time partitions of a partitioned audit table: the partitions wholly older than the cutoff
// are detached CONCURRENTLY (no lock that stalls writers of the parent) and dropped, which
// removes their rows without deleting them one by one.
#pragma once

#include <string>
#include <vector>

#include "jobkit/postgres_connection.hpp"

namespace cleanup {

struct Partition {
  std::string name;            // as SQL text, quoted where needed (regclass output)
  bool detach_pending = false; // a DETACH CONCURRENTLY that was interrupted
  // Marked by a run that had archived (or counted) its rows and was about to detach it; a run
  // stopped after the detach left it `detached`: a table of its own, found by that mark only.
  bool marked = false;
  bool detached = false;
};

// The partitions of `table` whose upper bound is at or before `cutoff` (timestamptz text),
// those left half-detached by an interrupted run, and former partitions a run detached but
// did not live to drop. A plain table has none; a DEFAULT or MAXVALUE partition never
// qualifies (its rows are deleted in batches instead).
jobkit::Result<std::vector<Partition>> partitions_before(jobkit::PostgresConnection& connection,
                                                         const std::string& table, const std::string& cutoff);

// PostgreSQL refuses DETACH ... CONCURRENTLY while the table has a DEFAULT partition; then
// the detach is a plain one, which takes the parent's strongest lock for a moment and gives
// up after lock_timeout rather than queueing writers behind it.
enum class DetachMode { concurrently, plain };
jobkit::Result<bool> has_default_partition(jobkit::PostgresConnection& connection, const std::string& table);

// Marks the partition as on its way out (a table comment), detaches it (finishing an
// interrupted detach) and drops it: detach and drop are separate statements when
// CONCURRENTLY, so the mark is what lets the next run find a table stopped in between.
jobkit::Status drop_partition(jobkit::PostgresConnection& connection, const std::string& table,
                              const Partition& partition, DetachMode mode);

}  // namespace cleanup
