// Which version of a file a path names: device, inode, size and modification time. A file
// replaced (a deploy, a new font) or rewritten in place shows a different identity, so that
// what was loaded from it can be loaded again.
#pragma once

#include <sys/types.h>

#include <ctime>
#include <filesystem>
#include <optional>

namespace jobkit {

struct FileIdentity {
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  timespec modified{};

  bool operator==(const FileIdentity& other) const;
};

// nullopt when path does not name a regular file (after symbolic links).
std::optional<FileIdentity> identify_file(const std::filesystem::path& path);

}  // namespace jobkit
