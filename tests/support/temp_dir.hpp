// A folder for one test, removed with everything in it when the test ends.
#pragma once

#include <filesystem>

namespace jobkit::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

}  // namespace jobkit::testing
