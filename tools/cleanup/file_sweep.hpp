// The files target: files below a folder of STORAGE_DIR whose modification time is older
// than the threshold (optionally only names matching a pattern), and the hidden leftovers of
// atomic writes whose writer was killed (".<name>.<12 hex digits>", judged by their own,
// longer threshold so that a write in progress is never cut off). The walk opens every
// folder relative to its parent without following links: a symbolic link is neither
// followed nor removed. A folder goes only when the sweep emptied it.
#pragma once

#include <string_view>

#include "job.hpp"
#include "jobkit/tool_context.hpp"
#include "target_report.hpp"

namespace cleanup {

// True for the temporary names jobkit::AtomicFile gives its files.
bool is_atomic_write_leftover(std::string_view name);

jobkit::Result<TargetReport> clean_files(const CleanupJob& job, const jobkit::ToolContext& context,
                                         const RunBudget& budget);

}  // namespace cleanup
