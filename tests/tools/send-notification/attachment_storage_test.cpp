// Attachments are read through STORAGE_DIR's descriptor, never through a symbolic link: a
// path checked once and opened later by name would attach whatever a neighbour has swapped
// in meanwhile (a file outside the root, mailed to a stranger).
#include <doctest/doctest.h>

#include "folder_swapper.hpp"
#include "process.hpp"
#include "smtp_fixture.hpp"

using nlohmann::json;
using namespace send_notification_test;
using jobkit::testing::FolderSwapper;
using jobkit::testing::TempDir;

namespace {

jobkit::testing::ProcessResult dry_run(const json& job, const std::vector<std::string>& environment) {
  auto options = tool_process(job, environment, {"REDIS_URL"});
  options.argv.push_back("--dry-run");
  return jobkit::testing::run_process(options);
}

json job_attaching(const std::string& path) {
  auto job = pdf_ready_job("ann@example.com");
  job["attachments"] = {{{"path", path}}};
  return job;
}

}  // namespace

TEST_CASE("an attachment reached through a symbolic link inside STORAGE_DIR is forbidden") {
  TempDir storage;
  write_file(storage.path() / "docs/real.pdf", "%PDF-1.4\n");
  std::filesystem::create_symlink("real.pdf", storage.path() / "docs/link.pdf");
  std::filesystem::create_directory_symlink("docs", storage.path() / "alias");
  const std::vector<std::string> environment = {"SMTP_URL=smtp://127.0.0.1:9", "STORAGE_DIR=" + storage.path().string()};
  for (const std::string path : {"docs/link.pdf", "alias/real.pdf"}) {
    const auto result = dry_run(job_attaching(path), environment);
    CHECK_MESSAGE(result.exit_code == 77, path << ": " << result.out);
    CHECK(json::parse(result.out)["error"]["field"] == "/attachments/0/path");
  }
  const auto direct = dry_run(job_attaching("docs/real.pdf"), environment);
  CHECK_MESSAGE(direct.exit_code == 0, direct.out);
}

// The file outside is over the attachment limit and the one inside is not, so an attachment
// read from outside shows as 65; reading inside (0) or meeting the link (77) are the only
// right outcomes.
TEST_CASE("a folder swapped for a link to outside during 300 jobs never attaches a file from outside") {
  TempDir storage;
  TempDir outside;
  write_file(outside.path() / "a.bin", std::string(4096, 's'));
  write_file(storage.path() / "docs/a.bin", "inside");
  FolderSwapper swapper(storage.path() / "docs", outside.path());
  const std::vector<std::string> environment = {"SMTP_URL=smtp://127.0.0.1:9", "STORAGE_DIR=" + storage.path().string(),
                                                "NOTIFICATION_MAX_ATTACHMENT_BYTES=1000"};
  int read = 0;
  int refused = 0;
  std::string unexpected;
  for (int i = 0; i < 300; ++i) {
    const auto result = dry_run(job_attaching("docs/a.bin"), environment);
    if (result.exit_code == 0) ++read;
    else if (result.exit_code == 77 || result.exit_code == 66) ++refused;
    else if (unexpected.empty()) unexpected = result.out;
  }
  const long swaps = swapper.stop();
  MESSAGE(read << " read inside, " << refused << " refused, " << swaps << " swaps");
  CHECK_MESSAGE(unexpected.empty(), unexpected);
  CHECK(swaps > 300);
  CHECK(read > 0);
}
