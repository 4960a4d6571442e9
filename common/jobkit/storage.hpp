// Storage paths and atomic writes. Every path in job data is relative to STORAGE_DIR and
// may not leave it: not by "..", not as an absolute path, not through a symbolic link.
// Files are opened and created relative to a descriptor of the root, one folder at a time,
// never following a link, so a folder swapped for a link while a job runs cannot lead a
// read or a write outside. Files are written to a temporary name in the same folder,
// flushed to disk and renamed, so no reader ever sees half a file, whatever happens to the
// writer.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "jobkit/file_descriptor.hpp"
#include "jobkit/job_environment.hpp"
#include "jobkit/job_error.hpp"

namespace jobkit {

class AtomicFile;

class StorageRoot {
 public:
  // Errors: usage (64) when the folder does not exist or is not a folder.
  static Result<StorageRoot> open(const std::filesystem::path& root);
  // The root named by STORAGE_DIR. Errors: usage (64) when unset, then as open().
  static Result<StorageRoot> from_environment(const EnvironmentLookup& environment);

  const std::filesystem::path& root() const { return m_root; }

  // The absolute path of relative_path inside the root, for checking a job's paths before
  // any work; field is the JSON Pointer reported with an error. The target need not exist.
  // Only a check: open and create files with open_for_reading() and create_file(), which
  // hold whatever happens to the folders in between. Errors: forbidden (77) for an empty
  // or absolute path, a ".." component, a NUL byte, or a path that resolves (following
  // every symbolic link that exists) to somewhere outside the root; invalid_data (65) for a
  // name longer than NAME_MAX (255) bytes.
  Result<std::filesystem::path> resolve(std::string_view relative_path, std::string_view field) const;

  // Opens an existing regular file for reading. Errors: as resolve(), forbidden (77) also
  // for a symbolic link anywhere on the path, missing_input (66) when it does not exist,
  // invalid_data (65) when it or a folder on the way is not what the path says it is,
  // io_error (74) otherwise.
  Result<FileDescriptor> open_for_reading(std::string_view relative_path, std::string_view field) const;

  // Opens an existing folder for listing and removing what is in it (with *at() calls on
  // the descriptor), never through a symbolic link. Errors: as open_for_reading(), with
  // invalid_data (65) when the path is not a folder.
  Result<FileDescriptor> open_folder(std::string_view relative_path, std::string_view field) const;

  // Starts writing relative_path, creating missing folders on the way. Errors: as
  // open_for_reading(), without 66; invalid_data (65) also for a file name longer than 241
  // bytes, which leaves no room for the temporary file's name, and for a path that names an
  // existing folder.
  Result<AtomicFile> create_file(std::string_view relative_path, std::string_view field) const;

 private:
  StorageRoot(std::filesystem::path root, std::shared_ptr<FileDescriptor> folder)
      : m_root(std::move(root)), m_folder(std::move(folder)) {}
  std::filesystem::path m_root;              // canonical
  std::shared_ptr<FileDescriptor> m_folder;  // the root, opened once
};

// A file being written: bytes go to a hidden temporary file beside the target; commit()
// makes them the target's content in one step, and a file never committed is removed.
class AtomicFile {
 public:
  // For a trusted absolute path outside any StorageRoot: creates the target's missing
  // parent folders and the temporary file. Errors: io_error (74).
  static Result<AtomicFile> create(const std::filesystem::path& target);
  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&&) = delete;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();  // removes the temporary file unless committed

  // Errors: io_error (74), for example when the disk is full.
  Status write(std::string_view bytes);
  // Flushes the bytes to disk; after this only commit() is left, which needs no space.
  // Several files that must appear together are all finished before the first is
  // committed. Errors: io_error (74).
  Status finish();
  // finish() when not done yet, rename over the target, flush the folder. Errors: io_error (74).
  Status commit();

  // The temporary file's name in the target's folder.
  const std::string& temporary_name() const { return m_temporary; }

 private:
  friend class StorageRoot;
  AtomicFile(FileDescriptor folder, std::string name, std::string temporary, FileDescriptor file,
             std::string shown_as);
  static Result<AtomicFile> create_in(FileDescriptor folder, std::string name, std::string shown_as);

  FileDescriptor m_folder;  // the target's folder
  std::string m_name;       // the target's name in it
  std::string m_temporary;  // empty once committed or moved from
  FileDescriptor m_file;
  std::string m_shown_as;   // the path as the job gave it, for messages
};

// Writes bytes to target atomically. Errors: io_error (74).
Status write_file_atomically(const std::filesystem::path& target, std::string_view bytes);

}  // namespace jobkit
