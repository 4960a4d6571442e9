// A hostile neighbour for storage tests: swaps a folder inside STORAGE_DIR with a symbolic
// link to a folder outside, over and over, while jobs run (the race a checked-once path
// loses).
#pragma once

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace jobkit::testing {

class FolderSwapper {
 public:
  // Creates `folder` and a link `folder`.swap -> `outside`, then exchanges the two names in
  // a tight loop (renameat2 RENAME_EXCHANGE, so `folder` is always one or the other).
  FolderSwapper(const std::filesystem::path& folder, const std::filesystem::path& outside);
  ~FolderSwapper();  // stops
  FolderSwapper(const FolderSwapper&) = delete;
  FolderSwapper& operator=(const FolderSwapper&) = delete;

  // Stops swapping and leaves `folder` a real folder. Returns how many swaps were made.
  long stop();

 private:
  std::filesystem::path m_folder;
  std::filesystem::path m_link;
  std::atomic<bool> m_stop{false};
  std::atomic<long> m_swaps{0};
  std::thread m_thread;
};

// Every file or folder under `folder`, relative; empty when there is none.
std::vector<std::string> entries_under(const std::filesystem::path& folder);

}  // namespace jobkit::testing
