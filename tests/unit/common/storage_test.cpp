#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "jobkit/storage.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using jobkit::ExitCode;
using jobkit::StorageRoot;
using jobkit::testing::TempDir;

namespace {

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

StorageRoot open_root(const TempDir& dir) {
  auto root = StorageRoot::open(dir.path());
  REQUIRE(root.ok());
  return root.value();
}

}  // namespace

TEST_CASE("StorageRoot::resolve accepts relative paths inside the root") {
  TempDir dir;
  const StorageRoot root = open_root(dir);
  const auto path = root.resolve("invoices/2026/INV-1.pdf", "/output");
  REQUIRE(path.ok());
  CHECK(path.value() == fs::canonical(dir.path()) / "invoices/2026/INV-1.pdf");
  CHECK(root.resolve("a/./b.txt", "/output").ok());
}

TEST_CASE("StorageRoot::resolve refuses paths that escape - with 77 and the field") {
  TempDir dir;
  const StorageRoot root = open_root(dir);
  for (const char* hostile : {"../x", "a/../../x", "/etc/passwd", "", "a/.."}) {
    CAPTURE(hostile);
    const auto path = root.resolve(hostile, "/output");
    REQUIRE_FALSE(path.ok());
    CHECK(path.error().exit_code == ExitCode::forbidden);
    CHECK(path.error().field == "/output");
  }
  const auto with_nul = root.resolve(std::string_view("a\0b", 3), "/output");
  REQUIRE_FALSE(with_nul.ok());
  CHECK(with_nul.error().exit_code == ExitCode::forbidden);
}

TEST_CASE("StorageRoot::resolve refuses a symbolic link inside the root that points outside") {
  TempDir dir;
  TempDir outside;
  fs::create_symlink(outside.path(), dir.path() / "escape");
  fs::create_symlink("/etc/passwd", dir.path() / "passwd");
  fs::create_directory(dir.path() / "inner");
  fs::create_symlink(dir.path() / "inner", dir.path() / "inside");
  const StorageRoot root = open_root(dir);

  auto path = root.resolve("escape/file.txt", "/input");
  REQUIRE_FALSE(path.ok());
  CHECK(path.error().exit_code == ExitCode::forbidden);
  CHECK(path.error().message.find("outside STORAGE_DIR") != std::string::npos);
  CHECK_FALSE(root.resolve("passwd", "/input").ok());
  CHECK(root.resolve("inside/file.txt", "/input").ok());  // a link that stays inside is fine
}

TEST_CASE("StorageRoot::from_environment needs STORAGE_DIR") {
  const auto root = StorageRoot::from_environment([](std::string_view) { return std::nullopt; });
  REQUIRE_FALSE(root.ok());
  CHECK(root.error().exit_code == ExitCode::usage);
  CHECK(root.error().field == "env:STORAGE_DIR");
  CHECK_FALSE(StorageRoot::open("/nonexistent/jobkit").ok());
}

TEST_CASE("write_file_atomically replaces the target in one step") {
  TempDir dir;
  const fs::path target = dir.path() / "deep/folder/out.txt";
  REQUIRE(jobkit::write_file_atomically(target, "first").ok());
  REQUIRE(jobkit::write_file_atomically(target, "second version").ok());
  CHECK(read_text(target) == "second version");
  CHECK(std::distance(fs::directory_iterator(target.parent_path()), fs::directory_iterator()) == 1);
}

TEST_CASE("AtomicFile: an uncommitted file leaves nothing behind and the old target intact") {
  TempDir dir;
  const fs::path target = dir.path() / "out.txt";
  REQUIRE(jobkit::write_file_atomically(target, "old").ok());
  fs::path temporary;
  {
    auto file = jobkit::AtomicFile::create(target);
    REQUIRE(file.ok());
    REQUIRE(file->write("half of the new conte").ok());
    temporary = file->temporary_path();
    CHECK(fs::exists(temporary));
    CHECK(temporary.filename().string().front() == '.');
    CHECK(read_text(target) == "old");  // readers still see the whole old file
  }
  CHECK_FALSE(fs::exists(temporary));
  CHECK(read_text(target) == "old");
}

TEST_CASE("AtomicFile: a folder that cannot be created is an io_error") {
  TempDir dir;
  { std::ofstream(dir.path() / "file") << "x"; }
  const auto file = jobkit::AtomicFile::create(dir.path() / "file/sub/out.txt");
  REQUIRE_FALSE(file.ok());
  CHECK(file.error().exit_code == ExitCode::io_error);
}
