// The files target in a temporary STORAGE_DIR: exactly the old files go (and the leftovers
// of killed atomic writes older than a day), symbolic links are neither followed nor
// removed, and only folders the sweep emptied go.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>

#include <fstream>

#include "cleanup_fixture.hpp"
#include "file_sweep.hpp"
#include "temp_dir.hpp"

namespace {

namespace fs = std::filesystem;

// A file with the given content, last modified `age_seconds` ago.
void make_file(const fs::path& path, std::int64_t age_seconds) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << "x";
  const timespec when{.tv_sec = ::time(nullptr) - age_seconds, .tv_nsec = 0};
  const timespec times[2] = {when, when};
  REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW) == 0);
}

constexpr std::int64_t k_day = 86400;

}  // namespace

TEST_CASE("cleanup files removes old files and stale temporaries and never follows a link out") {
  jobkit::testing::TempDir storage;
  jobkit::testing::TempDir outside;
  const fs::path root = storage.path();
  make_file(root / "exports/old-1.csv", 10 * k_day);
  make_file(root / "exports/2025/old-2.csv", 10 * k_day);        // its folder is emptied and goes
  make_file(root / "exports/2026/new.csv", 60);                   // its folder stays
  make_file(root / "exports/2026/old-3.csv", 10 * k_day);
  make_file(root / "exports/.report.pdf.0123456789ab", 2 * k_day); // a killed writer's leftover
  make_file(root / "exports/.report.pdf.ba9876543210", 3600);      // a write that may still be running
  make_file(root / "exports/notes.txt", 10 * k_day);               // old, but not matching the pattern
  make_file(root / "other/old.csv", 10 * k_day);                   // outside the prefix
  fs::create_directories(root / "exports/empty-before");           // not emptied by the sweep: stays
  make_file(outside.path() / "victim.csv", 10 * k_day);
  fs::create_symlink(outside.path(), root / "exports/link-out");
  fs::create_symlink(outside.path() / "victim.csv", root / "exports/link-file.csv");

  const nlohmann::json job = {{"target", "files"}, {"older_than", "7d"}, {"prefix", "exports"}, {"pattern", "*.csv"}};
  const std::vector<std::string> environment{"STORAGE_DIR=" + root.string()};
  const auto dry = cleanup_testing::result_of(cleanup_testing::run_cleanup(job, environment, {"--dry-run"}));
  CHECK(dry["removed"] == 4);
  CHECK(fs::exists(root / "exports/old-1.csv"));
  CHECK(fs::exists(root / "exports/.report.pdf.0123456789ab"));

  const auto result = cleanup_testing::result_of(cleanup_testing::run_cleanup(job, environment));
  CHECK(result["removed"] == 4);
  CHECK(result["temporary_files_removed"] == 1);
  CHECK(result["folders_removed"] == 1);
  CHECK(result["symbolic_links_left"] == 2);
  CHECK_FALSE(fs::exists(root / "exports/old-1.csv"));
  CHECK_FALSE(fs::exists(root / "exports/2025"));
  CHECK_FALSE(fs::exists(root / "exports/2026/old-3.csv"));
  CHECK_FALSE(fs::exists(root / "exports/.report.pdf.0123456789ab"));
  CHECK(fs::exists(root / "exports/2026/new.csv"));
  CHECK(fs::exists(root / "exports/.report.pdf.ba9876543210"));
  CHECK(fs::exists(root / "exports/notes.txt"));
  CHECK(fs::exists(root / "exports/empty-before"));
  CHECK(fs::exists(root / "other/old.csv"));
  CHECK(fs::is_symlink(root / "exports/link-out"));
  CHECK(fs::is_symlink(root / "exports/link-file.csv"));
  CHECK(fs::exists(outside.path() / "victim.csv"));
}

TEST_CASE("cleanup files refuses a prefix that is a link or leaves STORAGE_DIR") {
  jobkit::testing::TempDir storage;
  jobkit::testing::TempDir outside;
  make_file(outside.path() / "victim.csv", 10 * k_day);
  fs::create_symlink(outside.path(), storage.path() / "linked");
  const std::vector<std::string> environment{"STORAGE_DIR=" + storage.path().string()};
  for (const char* prefix : {"linked", "../x", "/etc"}) {
    CAPTURE(prefix);
    const auto run = cleanup_testing::run_cleanup({{"target", "files"}, {"older_than", "1d"}, {"prefix", prefix}}, environment);
    CHECK((run.exit_code == 77 || run.exit_code == 65));
    CHECK(nlohmann::json::parse(run.out)["error"]["field"] == "/prefix");
  }
  CHECK(fs::exists(outside.path() / "victim.csv"));
}

TEST_CASE("cleanup files knows the temporary names of atomic writes") {
  CHECK(cleanup::is_atomic_write_leftover(".report.pdf.0123456789ab"));
  CHECK_FALSE(cleanup::is_atomic_write_leftover("report.pdf.0123456789ab"));
  CHECK_FALSE(cleanup::is_atomic_write_leftover(".report.pdf.0123456789AB"));
  CHECK_FALSE(cleanup::is_atomic_write_leftover(".0123456789ab"));
  CHECK_FALSE(cleanup::is_atomic_write_leftover(".bashrc"));
}
