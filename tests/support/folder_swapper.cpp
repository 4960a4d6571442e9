// Swapping a folder for a symbolic link in a tight loop.
#include "folder_swapper.hpp"

#include <fcntl.h>
#include <stdio.h>

#include <stdexcept>
#include <system_error>

namespace jobkit::testing {
namespace fs = std::filesystem;

namespace {

void exchange(const fs::path& first, const fs::path& second) {
  if (::renameat2(AT_FDCWD, first.c_str(), AT_FDCWD, second.c_str(), RENAME_EXCHANGE) != 0) {
    throw std::system_error(errno, std::generic_category(), "renameat2 " + first.string());
  }
}

}  // namespace

FolderSwapper::FolderSwapper(const fs::path& folder, const fs::path& outside)
    : m_folder(folder), m_link(folder.string() + ".swap") {
  fs::create_directories(m_folder);
  fs::create_symlink(outside, m_link);
  m_thread = std::thread([this] {
    while (!m_stop.load(std::memory_order_relaxed)) {
      exchange(m_folder, m_link);
      m_swaps.fetch_add(1, std::memory_order_relaxed);
    }
  });
}

FolderSwapper::~FolderSwapper() { stop(); }

long FolderSwapper::stop() {
  if (m_thread.joinable()) {
    m_stop = true;
    m_thread.join();
    if (fs::is_symlink(m_folder)) exchange(m_folder, m_link);
  }
  return m_swaps.load();
}

std::vector<std::string> entries_under(const fs::path& folder) {
  std::vector<std::string> entries;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    entries.push_back(fs::relative(entry.path(), folder).string());
  }
  return entries;
}

}  // namespace jobkit::testing
