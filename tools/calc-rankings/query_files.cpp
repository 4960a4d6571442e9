#include "query_files.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace calc_rankings {

jobkit::Result<jobkit::SqlQuery> load_query(const std::filesystem::path& folder, std::string_view name) {
  const std::filesystem::path path = folder / fmt::format("{}.sql", name);
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  if (file) text << file.rdbuf();
  if (!file || text.str().find_first_not_of(" \t\r\n") == std::string::npos) {
    jobkit::JobError error = jobkit::JobError::make(jobkit::ExitCode::config,
                                            fmt::format("cannot read the query file {}", path.string()));
    error.code = "query_file_missing";
    return error;
  }
  return jobkit::SqlQuery{path.string(), text.str()};
}

}  // namespace calc_rankings
