// Storage root confinement and atomic file replacement, relative to descriptors.
#include "jobkit/storage.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#define JOBKIT_HAVE_OPENAT2 1
#endif

#include <cerrno>
#include <climits>
#include <cstring>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "jobkit/random.hpp"

namespace jobkit {
namespace fs = std::filesystem;
namespace {

JobError forbidden_path(std::string_view field, std::string_view relative_path, std::string_view why) {
  JobError error = JobError::make(ExitCode::forbidden, fmt::format("{}: path \"{}\" {}", field, relative_path, why),
                                  std::string(field));
  error.code = "forbidden_path";
  return error;
}

JobError io_failure(std::string_view what, std::string_view shown_as, int error_number) {
  return JobError::make(ExitCode::io_error, fmt::format("cannot {} {}: {}", what, shown_as, std::strerror(error_number)));
}

bool is_within(const fs::path& path, const fs::path& root) {
  auto [root_end, path_at] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return root_end == root.end();
}

// A name longer than the file system takes (ENAMETOOLONG) is the job's mistake, and stays one.
constexpr std::size_t k_max_name_bytes = NAME_MAX;
// A written file's temporary name is ".<name>.<12 hex digits>", which must fit as well.
constexpr std::size_t k_max_written_name_bytes = k_max_name_bytes - 14;

JobError name_too_long(std::string_view field, std::string_view relative_path, std::size_t max_bytes) {
  return JobError::make(ExitCode::invalid_data,
                        fmt::format("{}: path \"{}\" has a name longer than {} bytes", field, relative_path, max_bytes),
                        std::string(field));
}

// The names on a job's path, checked without touching the disk: nothing empty, absolute,
// "..", holding a NUL byte or too long; "." parts dropped.
Result<std::vector<std::string>> path_parts(std::string_view relative_path, std::string_view field) {
  if (relative_path.empty()) return forbidden_path(field, relative_path, "is empty");
  if (relative_path.find('\0') != std::string_view::npos) return forbidden_path(field, "", "contains a NUL byte");
  const fs::path path(relative_path);
  if (path.is_absolute()) return forbidden_path(field, relative_path, "is absolute; paths are relative to STORAGE_DIR");
  std::vector<std::string> parts;
  for (const auto& part : path) {
    if (part == "..") return forbidden_path(field, relative_path, "leaves STORAGE_DIR through \"..\"");
    if (part.empty() || part == ".") continue;
    if (part.native().size() > k_max_name_bytes) return name_too_long(field, relative_path, k_max_name_bytes);
    parts.push_back(part.string());
  }
  if (parts.empty()) return forbidden_path(field, relative_path, "names STORAGE_DIR itself, not a file in it");
  return parts;
}

// What a failed open or create on a job's path means for the job.
JobError path_failure(int error_number, std::string_view field, std::string_view relative_path, std::string_view what) {
  switch (error_number) {
    case ELOOP:
    case EXDEV:  // openat2's RESOLVE_BENEATH: the path tried to leave the root
      return forbidden_path(field, relative_path, "passes through a symbolic link, which STORAGE_DIR paths may not");
    case EACCES:
    case EPERM:
      return forbidden_path(field, relative_path, "is not accessible: permission denied");
    case ENOENT:
      return JobError::make(ExitCode::missing_input, fmt::format("{}: path \"{}\" does not exist", field, relative_path),
                            std::string(field));
    case ENOTDIR:
      return JobError::make(ExitCode::invalid_data,
                            fmt::format("{}: path \"{}\" goes through a file as if it were a folder", field, relative_path),
                            std::string(field));
    case EISDIR:
      return JobError::make(ExitCode::invalid_data, fmt::format("{}: path \"{}\" is a folder", field, relative_path),
                            std::string(field));
    default:
      return io_failure(what, relative_path, error_number);
  }
}

// openat() of one name in a folder, never following a link in its place. With O_DIRECTORY
// Linux reports a link as ENOTDIR, like a file; a link (or a folder that was one a moment
// ago) becomes ELOOP, so that only a real file on the way is "not a folder".
int open_name(int folder, const std::string& name, int flags, mode_t mode = 0) {
  const int fd = ::openat(folder, name.c_str(), flags | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0 && errno == ENOTDIR && (flags & O_DIRECTORY) != 0) {
    struct stat status {};
    const bool is_file = ::fstatat(folder, name.c_str(), &status, AT_SYMLINK_NOFOLLOW) == 0 &&
                         !S_ISLNK(status.st_mode) && !S_ISDIR(status.st_mode);
    errno = is_file ? ENOTDIR : ELOOP;
  }
  return fd;
}

// Opens parts (a path below `root`) with openat2, which refuses every symbolic link and
// any way out of root in one call. Returns -1 with errno ENOSYS where the kernel (or a
// sandbox) lacks it, and then the caller walks the path one name at a time instead.
int open_beneath(int root, const std::vector<std::string>& parts, std::size_t count, int flags) {
#ifdef JOBKIT_HAVE_OPENAT2
  std::string path;
  for (std::size_t i = 0; i < count; ++i) path += (i == 0 ? "" : "/") + parts[i];
  open_how how{};
  how.flags = static_cast<std::uint64_t>(flags | O_CLOEXEC);
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  const long fd = ::syscall(SYS_openat2, root, path.c_str(), &how, sizeof how);
  if (fd >= 0 || (errno != ENOSYS && errno != EPERM)) return static_cast<int>(fd);
  errno = ENOSYS;
  return -1;
#else
  (void)root, (void)parts, (void)count, (void)flags;
  errno = ENOSYS;
  return -1;
#endif
}

// The folder holding parts[count - 1]'s entries, opened one name at a time from root with
// O_NOFOLLOW; a missing folder is made (mkdirat) when `create` is set. Returns -1 with errno.
int walk_folders(int root, const std::vector<std::string>& parts, std::size_t count, bool create) {
  FileDescriptor current(::fcntl(root, F_DUPFD_CLOEXEC, 0));
  if (!current) return -1;
  for (std::size_t i = 0; i < count; ++i) {
    int next = open_name(current.get(), parts[i], O_RDONLY | O_DIRECTORY);
    if (next < 0 && errno == ENOENT && create) {
      if (::mkdirat(current.get(), parts[i].c_str(), 0755) != 0 && errno != EEXIST) return -1;
      next = open_name(current.get(), parts[i], O_RDONLY | O_DIRECTORY);
    }
    if (next < 0) return -1;
    current.reset(next);
  }
  return current.release();
}

// The folder that will hold the last part, with missing folders made on the way.
int open_parent_folder(int root, const std::vector<std::string>& parts) {
  const std::size_t count = parts.size() - 1;
  if (count == 0) return ::fcntl(root, F_DUPFD_CLOEXEC, 0);
  const int fd = open_beneath(root, parts, count, O_RDONLY | O_DIRECTORY);
  if (fd >= 0 || (errno != ENOSYS && errno != ENOENT)) return fd;
  return walk_folders(root, parts, count, true);
}

int open_file_beneath(int root, const std::vector<std::string>& parts, int flags) {
  const int fd = open_beneath(root, parts, parts.size(), flags);
  if (fd >= 0 || errno != ENOSYS) return fd;
  FileDescriptor folder(walk_folders(root, parts, parts.size() - 1, false));
  if (!folder) return -1;
  return open_name(folder.get(), parts.back(), flags);
}

}  // namespace

Result<StorageRoot> StorageRoot::open(const fs::path& root) {
  std::error_code error;
  const fs::path canonical = fs::canonical(root, error);
  auto folder = std::make_shared<FileDescriptor>(
      error ? -1 : ::open(canonical.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!*folder) {
    return JobError::make(ExitCode::usage, fmt::format("storage folder {} does not exist or is not a folder",
                                                       root.string()), "env:STORAGE_DIR");
  }
  return StorageRoot(canonical, std::move(folder));
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
  auto parts = path_parts(relative_path, field);
  if (!parts) return parts.error();
  // weakly_canonical follows every link in the part that exists, so a link inside the root
  // that points outside is caught here, before any work.
  std::error_code error;
  const fs::path resolved = fs::weakly_canonical(m_root / fs::path(relative_path), error);
  if (error) return forbidden_path(field, relative_path, fmt::format("cannot be resolved: {}", error.message()));
  if (!is_within(resolved, m_root) || resolved == m_root) {
    return forbidden_path(field, relative_path, "leads outside STORAGE_DIR");
  }
  return resolved;
}

Result<FileDescriptor> StorageRoot::open_for_reading(std::string_view relative_path, std::string_view field) const {
  auto parts = path_parts(relative_path, field);
  if (!parts) return parts.error();
  // Non-blocking so that a FIFO planted at the path cannot hang the job on open.
  FileDescriptor file(open_file_beneath(m_folder->get(), parts.value(), O_RDONLY | O_NONBLOCK));
  if (!file) return path_failure(errno, field, relative_path, "open");
  struct stat status {};
  if (::fstat(file.get(), &status) != 0) return io_failure("read", relative_path, errno);
  if (!S_ISREG(status.st_mode)) {
    return JobError::make(ExitCode::invalid_data, fmt::format("{}: path \"{}\" is not a regular file", field, relative_path),
                          std::string(field));
  }
  ::fcntl(file.get(), F_SETFL, ::fcntl(file.get(), F_GETFL) & ~O_NONBLOCK);
  return file;
}

Result<FileDescriptor> StorageRoot::open_folder(std::string_view relative_path, std::string_view field) const {
  auto parts = path_parts(relative_path, field);
  if (!parts) return parts.error();
  FileDescriptor folder(open_file_beneath(m_folder->get(), parts.value(), O_RDONLY | O_DIRECTORY));
  if (!folder) {
    // O_DIRECTORY on a file: ENOTDIR, which means "not a folder" here, not "through a file".
    if (errno == ENOTDIR) {
      return JobError::make(ExitCode::invalid_data, fmt::format("{}: path \"{}\" is not a folder", field, relative_path),
                            std::string(field));
    }
    return path_failure(errno, field, relative_path, "open");
  }
  return folder;
}

Result<AtomicFile> StorageRoot::create_file(std::string_view relative_path, std::string_view field) const {
  auto parts = path_parts(relative_path, field);
  if (!parts) return parts.error();
  if (parts->back().size() > k_max_written_name_bytes) {
    return name_too_long(field, relative_path, k_max_written_name_bytes);
  }
  FileDescriptor folder(open_parent_folder(m_folder->get(), parts.value()));
  if (!folder) return path_failure(errno, field, relative_path, "create folder for");
  // The rename at the end cannot replace a folder (EISDIR, an I/O error that is retried):
  // the job named a folder, which stays wrong, so say so before any work.
  struct stat existing {};
  if (::fstatat(folder.get(), parts->back().c_str(), &existing, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(existing.st_mode)) {
    return path_failure(EISDIR, field, relative_path, "create");
  }
  return AtomicFile::create_in(std::move(folder), parts->back(), std::string(relative_path));
}

AtomicFile::AtomicFile(FileDescriptor folder, std::string name, std::string temporary, FileDescriptor file,
                       std::string shown_as)
    : m_folder(std::move(folder)),
      m_name(std::move(name)),
      m_temporary(std::move(temporary)),
      m_file(std::move(file)),
      m_shown_as(std::move(shown_as)) {}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : m_folder(std::move(other.m_folder)),
      m_name(std::move(other.m_name)),
      m_temporary(std::exchange(other.m_temporary, {})),  // the moved-from object owns no file
      m_file(std::move(other.m_file)),
      m_shown_as(std::move(other.m_shown_as)) {}

AtomicFile::~AtomicFile() {
  if (!m_temporary.empty()) ::unlinkat(m_folder.get(), m_temporary.c_str(), 0);
}

Result<AtomicFile> AtomicFile::create_in(FileDescriptor folder, std::string name, std::string shown_as) {
  // A dot name so that folder listings and globbing readers skip it while it is written.
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::string temporary = fmt::format(".{}.{}", name, random_hex(12));
    FileDescriptor file(open_name(folder.get(), temporary, O_WRONLY | O_CREAT | O_EXCL, 0644));
    if (file) {
      ::fchmod(file.get(), 0644);  // whatever the umask: outputs are meant to be served
      return AtomicFile(std::move(folder), std::move(name), std::move(temporary), std::move(file), std::move(shown_as));
    }
    if (errno != EEXIST) break;
  }
  return io_failure("create a temporary file for", shown_as, errno);
}

Result<AtomicFile> AtomicFile::create(const fs::path& target) {
  std::error_code error;
  fs::create_directories(target.parent_path(), error);
  if (error) return io_failure("create folder", target.parent_path().string(), error.value());
  FileDescriptor folder(::open(target.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!folder) return io_failure("open folder", target.parent_path().string(), errno);
  return create_in(std::move(folder), target.filename().string(), target.string());
}

Status AtomicFile::write(std::string_view bytes) {
  if (const int error = write_all(m_file.get(), bytes); error != 0) return io_failure("write", m_shown_as, error);
  return Done{};
}

Status AtomicFile::finish() {
  if (!m_file) return Done{};
  if (::fsync(m_file.get()) != 0) return io_failure("flush", m_shown_as, errno);
  if (::close(m_file.release()) != 0) return io_failure("close", m_shown_as, errno);
  return Done{};
}

Status AtomicFile::commit() {
  if (auto finished = finish(); !finished) return finished;
  if (::renameat(m_folder.get(), m_temporary.c_str(), m_folder.get(), m_name.c_str()) != 0) {
    return io_failure("rename into", m_shown_as, errno);
  }
  m_temporary.clear();
  // The rename itself is durable only once the folder is flushed.
  ::fsync(m_folder.get());
  return Done{};
}

Status write_file_atomically(const fs::path& target, std::string_view bytes) {
  auto file = AtomicFile::create(target);
  if (!file) return file.error();
  if (auto written = file->write(bytes); !written) return written.error();
  return file->commit();
}

}  // namespace jobkit
