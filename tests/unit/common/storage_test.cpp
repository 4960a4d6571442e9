#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

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
    temporary = target.parent_path() / file->temporary_name();
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

TEST_CASE("StorageRoot::create_file makes the folders and writes the file inside the root") {
  TempDir dir;
  const StorageRoot root = open_root(dir);
  auto file = root.create_file("invoices/2026/INV-1.pdf", "/output");
  REQUIRE(file.ok());
  CHECK(file->temporary_name().front() == '.');
  CHECK(fs::exists(dir.path() / "invoices/2026" / file->temporary_name()));
  REQUIRE(file->write("%PDF").ok());
  REQUIRE(file->commit().ok());
  CHECK(read_text(dir.path() / "invoices/2026/INV-1.pdf") == "%PDF");
  CHECK(std::distance(fs::directory_iterator(dir.path() / "invoices/2026"), fs::directory_iterator()) == 1);
}

TEST_CASE("StorageRoot::create_file refuses a folder that became a link after the path was checked") {
  TempDir dir;
  TempDir outside;
  const StorageRoot root = open_root(dir);
  fs::create_directory(dir.path() / "out");
  REQUIRE(root.resolve("out/sub/file.txt", "/output").ok());
  // The neighbour's move: the checked folder is now a link to somewhere else.
  fs::remove(dir.path() / "out");
  fs::create_symlink(outside.path(), dir.path() / "out");
  const auto file = root.create_file("out/sub/file.txt", "/output");
  REQUIRE_FALSE(file.ok());
  CHECK(file.error().exit_code == ExitCode::forbidden);
  CHECK(file.error().field == "/output");
  CHECK(fs::is_empty(outside.path()));
  // A link as the last name is not written through either.
  fs::create_symlink(outside.path() / "target.txt", dir.path() / "last.txt");
  auto last = root.create_file("last.txt", "/output");
  REQUIRE(last.ok());
  REQUIRE(last->write("x").ok());
  REQUIRE(last->commit().ok());
  CHECK(fs::is_empty(outside.path()));
  CHECK(fs::is_regular_file(fs::symlink_status(dir.path() / "last.txt")));
}

TEST_CASE("StorageRoot::create_file under a regular file is invalid data naming the field") {
  TempDir dir;
  { std::ofstream(dir.path() / "report") << "x"; }
  const StorageRoot root = open_root(dir);
  for (const char* path : {"report/out.pdf", "report/deeper/out.pdf"}) {
    CAPTURE(path);
    const auto file = root.create_file(path, "/output");
    REQUIRE_FALSE(file.ok());
    CHECK(file.error().exit_code == ExitCode::invalid_data);
    CHECK(file.error().field == "/output");
    CHECK(file.error().message.find(dir.path().string()) == std::string::npos);  // no host paths
  }
  const auto escape = root.create_file("../out.pdf", "/output");
  REQUIRE_FALSE(escape.ok());
  CHECK(escape.error().exit_code == ExitCode::forbidden);
}

TEST_CASE("StorageRoot::open_for_reading opens files and refuses links - missing files and folders") {
  TempDir dir;
  TempDir outside;
  fs::create_directories(dir.path() / "uploads");
  { std::ofstream(dir.path() / "uploads/a.txt") << "inside"; }
  { std::ofstream(outside.path() / "a.txt") << "outside"; }
  fs::create_symlink(outside.path(), dir.path() / "linked");
  fs::create_symlink(dir.path() / "uploads/a.txt", dir.path() / "uploads/alias.txt");
  ::mkfifo((dir.path() / "uploads/pipe").c_str(), 0600);
  const StorageRoot root = open_root(dir);

  auto file = root.open_for_reading("uploads/a.txt", "/input");
  REQUIRE(file.ok());
  char buffer[16] = {};
  CHECK(::read(file->get(), buffer, sizeof buffer) == 6);

  const auto expect = [&](const char* path, ExitCode code) {
    CAPTURE(path);
    const auto opened = root.open_for_reading(path, "/input");
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().exit_code == code);
    CHECK(opened.error().field == "/input");
    CHECK(opened.error().message.find(dir.path().string()) == std::string::npos);
  };
  expect("linked/a.txt", ExitCode::forbidden);
  expect("uploads/alias.txt", ExitCode::forbidden);  // even a link that stays inside
  expect("uploads/none.txt", ExitCode::missing_input);
  expect("uploads", ExitCode::invalid_data);
  expect("uploads/pipe", ExitCode::invalid_data);  // and no hang on a FIFO
  expect("uploads/a.txt/x", ExitCode::invalid_data);
  expect("/etc/passwd", ExitCode::forbidden);
}

TEST_CASE("StorageRoot: a name too long for the file system is invalid data naming the field - not 77 or 74") {
  TempDir dir;
  const StorageRoot root = open_root(dir);
  const std::string too_long(256, 'a');
  // 250 bytes fit in a folder, but not with the ".<name>.<random>" temporary name of a write.
  const std::string no_room_for_temporary(250, 'b');
  for (const std::string& path : {too_long, "folder/" + too_long + "/x.pdf"}) {
    CAPTURE(path.size());
    const auto resolved = root.resolve(path, "/output");
    REQUIRE_FALSE(resolved.ok());
    CHECK(resolved.error().exit_code == ExitCode::invalid_data);
    CHECK(resolved.error().field == "/output");
    const auto read = root.open_for_reading(path, "/input");
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().exit_code == ExitCode::invalid_data);
    CHECK(read.error().field == "/input");
  }
  for (const std::string& path : {too_long, no_room_for_temporary, "folder/" + no_room_for_temporary}) {
    CAPTURE(path.size());
    const auto created = root.create_file(path, "/output");
    REQUIRE_FALSE(created.ok());
    CHECK(created.error().exit_code == ExitCode::invalid_data);
    CHECK(created.error().field == "/output");
  }
  auto longest = root.create_file(std::string(241, 'c'), "/output");
  REQUIRE(longest.ok());
  REQUIRE(longest.value().commit().ok());
  CHECK(fs::exists(dir.path() / std::string(241, 'c')));
}

TEST_CASE("StorageRoot::create_file of a path that is an existing folder is invalid data naming the field - not 74") {
  TempDir dir;
  const StorageRoot root = open_root(dir);
  fs::create_directories(dir.path() / "reports/q3.pdf");
  std::ofstream(dir.path() / "reports/q3.pdf/kept.txt") << "kept";
  const auto created = root.create_file("reports/q3.pdf", "/output");
  REQUIRE_FALSE(created.ok());
  CHECK(created.error().exit_code == ExitCode::invalid_data);
  CHECK(created.error().field == "/output");
  CHECK(read_text(dir.path() / "reports/q3.pdf/kept.txt") == "kept");
  CHECK(std::distance(fs::directory_iterator(dir.path() / "reports"), fs::directory_iterator()) == 1);
}
