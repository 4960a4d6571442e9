#include "file_sweep.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "jobkit/file_descriptor.hpp"
#include "jobkit/storage.hpp"

namespace cleanup {
namespace {

// Deeper folders are left alone: each level holds a descriptor open.
constexpr int k_max_depth = 64;

struct SweepRules {
  std::time_t cutoff = 0;            // files modified before this go
  std::time_t temporary_cutoff = 0;  // leftovers of atomic writes modified before this go
  std::string pattern;
  bool temporary_files = true;
  bool dry_run = false;
};

struct SweepCounts {
  std::int64_t links_left = 0;
  std::int64_t temporary_removed = 0;
  std::int64_t folders_removed = 0;
  std::int64_t not_removed = 0;  // removal refused (permissions, a busy file)
  std::int64_t too_deep = 0;
};

struct FolderCloser {
  void operator()(DIR* folder) const { ::closedir(folder); }
};

struct Sweep {
  const SweepRules& rules;
  const RunBudget& budget;
  TargetReport& report;
  SweepCounts counts;
};

bool should_remove(const Sweep& sweep, const std::string& name, const struct stat& status) {
  if (is_atomic_write_leftover(name)) return sweep.rules.temporary_files && status.st_mtime < sweep.rules.temporary_cutoff;
  if (status.st_mtime >= sweep.rules.cutoff) return false;
  return sweep.rules.pattern.empty() || ::fnmatch(sweep.rules.pattern.c_str(), name.c_str(), 0) == 0;
}

// The names in a folder, read before anything in it is removed.
std::vector<std::string> folder_names(int folder) {
  std::vector<std::string> names;
  const int copy = ::fcntl(folder, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) return names;
  std::unique_ptr<DIR, FolderCloser> listing(::fdopendir(copy));
  if (!listing) {
    ::close(copy);
    return names;
  }
  while (const dirent* entry = ::readdir(listing.get())) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  return names;
}

// Returns whether the sweep removed anything in this folder or below.
bool sweep_folder(Sweep& sweep, int folder, int depth) {
  sweep.report.add_batch(std::chrono::milliseconds(0));
  bool removed_any = false;
  for (const std::string& name : folder_names(folder)) {
    if (sweep.budget.expired()) {
      sweep.report.stopped_at_time_limit = true;
      break;
    }
    struct stat status {};
    if (::fstatat(folder, name.c_str(), &status, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (S_ISLNK(status.st_mode)) {
      ++sweep.counts.links_left;
    } else if (S_ISDIR(status.st_mode)) {
      if (depth >= k_max_depth) {
        ++sweep.counts.too_deep;
        continue;
      }
      jobkit::FileDescriptor child(::openat(folder, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (!child || !sweep_folder(sweep, child.get(), depth + 1)) continue;
      removed_any = true;
      // Only a folder this sweep emptied goes; rmdir refuses one that is not empty (a file
      // kept, or one a writer just added).
      if (!sweep.rules.dry_run && ::unlinkat(folder, name.c_str(), AT_REMOVEDIR) == 0) ++sweep.counts.folders_removed;
    } else if (S_ISREG(status.st_mode) && should_remove(sweep, name, status)) {
      // unlinkat never follows a link: if the name became one meanwhile, the link goes, not its target.
      if (!sweep.rules.dry_run && ::unlinkat(folder, name.c_str(), 0) != 0) {
        ++sweep.counts.not_removed;
        continue;
      }
      removed_any = true;
      ++sweep.report.removed;
      if (is_atomic_write_leftover(name)) ++sweep.counts.temporary_removed;
    }
  }
  return removed_any;
}

}  // namespace

bool is_atomic_write_leftover(std::string_view name) {
  // "." + the target's name + "." + 12 hex digits (AtomicFile's random suffix).
  constexpr std::size_t k_suffix = 13;
  if (name.size() < 2 + k_suffix || name.front() != '.') return false;
  const std::string_view suffix = name.substr(name.size() - k_suffix);
  return suffix.front() == '.' && suffix.substr(1).find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

jobkit::Result<TargetReport> clean_files(const CleanupJob& job, const jobkit::ToolContext& context,
                                         const RunBudget& budget) {
  auto storage = jobkit::StorageRoot::from_environment(context.environment);
  if (!storage) return storage.error();
  auto folder = storage->open_folder(job.files.prefix, "/prefix");
  if (!folder) return folder.error();
  const std::time_t now = std::time(nullptr);
  const auto seconds = [](Milliseconds age) { return static_cast<std::time_t>(age.count() / 1000); };
  const SweepRules rules{.cutoff = now - seconds(job.older_than),
                         .temporary_cutoff = now - seconds(job.files.temporary_older_than),
                         .pattern = job.files.pattern,
                         .temporary_files = job.files.temporary_files,
                         .dry_run = context.mode == jobkit::RunMode::dry_run};
  TargetReport report;
  Sweep sweep{rules, budget, report, {}};
  sweep_folder(sweep, folder->get(), 0);
  report.details["temporary_files_removed"] = sweep.counts.temporary_removed;
  report.details["folders_removed"] = sweep.counts.folders_removed;
  report.details["symbolic_links_left"] = sweep.counts.links_left;
  report.details["not_removed"] = sweep.counts.not_removed;
  report.details["folders_too_deep"] = sweep.counts.too_deep;
  return report;
}

}  // namespace cleanup
