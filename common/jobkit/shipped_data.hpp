// Where a tool finds the data files it ships (templates and the like), one rule for every
// tool: the folder its environment variable names, when that is set and not empty;
// otherwise <folder of the executable>/../share/jobkit/<tool>/<folder>. CMake's
// jobkit_ship_data() puts the files there in the build tree (build/share/jobkit/<tool>/,
// beside build/bin/) and installs them to the same place relative to bin/, so a tool finds
// its data both where it was built and where it was installed, with no path compiled in.
#pragma once

#include <filesystem>
#include <string_view>

#include "jobkit/job_environment.hpp"

namespace jobkit {

struct ShippedData {
  std::string_view tool;      // "render-pdf"
  std::string_view folder;    // "templates", a folder below share/jobkit/<tool>/
  std::string_view variable;  // "PDF_TEMPLATES_DIR", the override
};

// The running program's file (/proc/self/exe); empty when it cannot be read.
std::filesystem::path running_executable();

// The data folder by the rule above; executable is the program's own file (tests pass one).
// The folder is not checked: a missing file is reported by whoever opens it.
std::filesystem::path shipped_data_folder(const ShippedData& data, const EnvironmentLookup& environment,
                                          const std::filesystem::path& executable = running_executable());

}  // namespace jobkit
