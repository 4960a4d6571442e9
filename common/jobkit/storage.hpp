// Storage paths and atomic writes. Every path in job data is relative to STORAGE_DIR and
// may not leave it: not by "..", not as an absolute path, not through a symbolic link that
// points outside. Files are written to a temporary name in the same folder, flushed to disk
// and renamed, so no reader ever sees half a file, whatever happens to the writer.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "jobkit/job_environment.hpp"
#include "jobkit/job_error.hpp"

namespace jobkit {

class StorageRoot {
 public:
  // Errors: usage (64) when the folder does not exist or is not a folder.
  static Result<StorageRoot> open(const std::filesystem::path& root);
  // The root named by STORAGE_DIR. Errors: usage (64) when unset, then as open().
  static Result<StorageRoot> from_environment(const EnvironmentLookup& environment);

  const std::filesystem::path& root() const { return m_root; }

  // The absolute path of relative_path inside the root; field is the JSON Pointer reported
  // with an error. The target need not exist. Errors: forbidden (77) for an empty or
  // absolute path, a ".." component, a NUL byte, or a path that resolves (following every
  // symbolic link that exists) to somewhere outside the root.
  Result<std::filesystem::path> resolve(std::string_view relative_path, std::string_view field) const;

 private:
  explicit StorageRoot(std::filesystem::path root) : m_root(std::move(root)) {}
  std::filesystem::path m_root;  // canonical
};

// A file being written: bytes go to a hidden temporary file beside the target; commit()
// makes them the target's content in one step, and a file never committed is removed.
class AtomicFile {
 public:
  // Creates the target's missing parent folders and the temporary file.
  // Errors: io_error (74).
  static Result<AtomicFile> create(const std::filesystem::path& target);
  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&&) = delete;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();  // removes the temporary file unless committed

  // Errors: io_error (74), for example when the disk is full.
  Status write(std::string_view bytes);
  // fsync, rename over the target, fsync the folder. Errors: io_error (74).
  Status commit();

  const std::filesystem::path& temporary_path() const { return m_temporary; }

 private:
  AtomicFile(std::filesystem::path target, std::filesystem::path temporary, int fd);

  std::filesystem::path m_target;
  std::filesystem::path m_temporary;
  int m_fd = -1;
  bool m_committed = false;
};

// Writes bytes to target atomically. Errors: io_error (74).
Status write_file_atomically(const std::filesystem::path& target, std::string_view bytes);

}  // namespace jobkit
