// Finding a tool's shipped data folder.
#include "jobkit/shipped_data.hpp"

#include <string>
#include <system_error>

namespace jobkit {

std::filesystem::path running_executable() {
  std::error_code error;
  auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::filesystem::path() : executable;
}

std::filesystem::path shipped_data_folder(const ShippedData& data, const EnvironmentLookup& environment,
                                          const std::filesystem::path& executable) {
  if (auto folder = environment(data.variable); folder && !folder->empty()) return *folder;
  // Without its own path the program can only look relative to the working directory.
  const std::filesystem::path bin = executable.empty() ? std::filesystem::path(".") : executable.parent_path();
  return (bin / ".." / "share" / "jobkit" / std::string(data.tool) / std::string(data.folder)).lexically_normal();
}

}  // namespace jobkit
