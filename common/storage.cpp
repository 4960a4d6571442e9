// Storage root confinement and atomic file replacement.
#include "jobkit/storage.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include <fmt/format.h>

#include "jobkit/file_descriptor.hpp"

namespace jobkit {
namespace fs = std::filesystem;
namespace {

JobError forbidden_path(std::string_view field, std::string_view relative_path, std::string_view why) {
  JobError error = JobError::make(ExitCode::forbidden, fmt::format("{}: path \"{}\" {}", field, relative_path, why),
                                  std::string(field));
  error.code = "forbidden_path";
  return error;
}

JobError io_failure(std::string_view what, const fs::path& path, int error_number) {
  return JobError::make(ExitCode::io_error, fmt::format("cannot {} {}: {}", what, path.string(),
                                                        std::strerror(error_number)));
}

bool is_within(const fs::path& path, const fs::path& root) {
  auto [root_end, path_at] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return root_end == root.end();
}

}  // namespace

Result<StorageRoot> StorageRoot::open(const fs::path& root) {
  std::error_code error;
  const fs::path canonical = fs::canonical(root, error);
  if (error || !fs::is_directory(canonical, error)) {
    return JobError::make(ExitCode::usage, fmt::format("storage folder {} does not exist or is not a folder",
                                                       root.string()), "env:STORAGE_DIR");
  }
  return StorageRoot(canonical);
}

Result<StorageRoot> StorageRoot::from_environment(const EnvironmentLookup& environment) {
  const auto root = environment("STORAGE_DIR");
  if (!root || root->empty()) {
    return JobError::make(ExitCode::usage, "STORAGE_DIR is not set; it names the folder that job paths are "
                                           "relative to", "env:STORAGE_DIR");
  }
  return open(*root);
}

Result<fs::path> StorageRoot::resolve(std::string_view relative_path, std::string_view field) const {
  if (relative_path.empty()) return forbidden_path(field, relative_path, "is empty");
  if (relative_path.find('\0') != std::string_view::npos) return forbidden_path(field, "", "contains a NUL byte");
  const fs::path path(relative_path);
  if (path.is_absolute()) return forbidden_path(field, relative_path, "is absolute; paths are relative to STORAGE_DIR");
  for (const auto& part : path) {
    if (part == "..") return forbidden_path(field, relative_path, "leaves STORAGE_DIR through \"..\"");
  }
  // weakly_canonical follows every link in the part that exists, so a link inside the root
  // that points outside is caught here. A job's own files are not expected to race this.
  std::error_code error;
  const fs::path resolved = fs::weakly_canonical(m_root / path, error);
  if (error) return forbidden_path(field, relative_path, fmt::format("cannot be resolved: {}", error.message()));
  if (!is_within(resolved, m_root) || resolved == m_root) {
    return forbidden_path(field, relative_path, "leads outside STORAGE_DIR");
  }
  return resolved;
}

AtomicFile::AtomicFile(fs::path target, fs::path temporary, int fd)
    : m_target(std::move(target)), m_temporary(std::move(temporary)), m_fd(fd) {}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : m_target(std::move(other.m_target)),
      m_temporary(std::move(other.m_temporary)),
      m_fd(other.m_fd),
      m_committed(other.m_committed) {
  other.m_fd = -1;
  other.m_committed = true;  // the moved-from object owns no file
}

AtomicFile::~AtomicFile() {
  if (m_fd >= 0) ::close(m_fd);
  if (!m_committed) ::unlink(m_temporary.c_str());
}

Result<AtomicFile> AtomicFile::create(const fs::path& target) {
  std::error_code error;
  fs::create_directories(target.parent_path(), error);
  if (error) return io_failure("create folder", target.parent_path(), error.value());
  // A dot name so that folder listings and globbing readers skip it while it is written.
  std::string pattern = (target.parent_path() / fmt::format(".{}.XXXXXX", target.filename().string())).string();
  const int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd < 0) return io_failure("create a temporary file for", target, errno);
  ::fchmod(fd, 0644);  // mkstemp makes 0600; outputs are meant to be served
  return AtomicFile(target, fs::path(pattern), fd);
}

Status AtomicFile::write(std::string_view bytes) {
  if (const int error = write_all(m_fd, bytes); error != 0) return io_failure("write", m_temporary, error);
  return Done{};
}

Status AtomicFile::commit() {
  if (::fsync(m_fd) != 0) return io_failure("flush", m_temporary, errno);
  if (::close(m_fd) != 0) {
    m_fd = -1;
    return io_failure("close", m_temporary, errno);
  }
  m_fd = -1;
  if (::rename(m_temporary.c_str(), m_target.c_str()) != 0) return io_failure("rename into", m_target, errno);
  m_committed = true;
  // The rename itself is durable only once the folder is flushed.
  const int folder = ::open(m_target.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (folder >= 0) {
    ::fsync(folder);
    ::close(folder);
  }
  return Done{};
}

Status write_file_atomically(const fs::path& target, std::string_view bytes) {
  auto file = AtomicFile::create(target);
  if (!file) return file.error();
  if (auto written = file->write(bytes); !written) return written.error();
  return file->commit();
}

}  // namespace jobkit
