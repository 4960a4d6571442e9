#include "sheets_fixture.hpp"

#include <doctest/doctest.h>

#include "services.hpp"

namespace sync_sheets_testing {

std::vector<std::string> sync_environment(const FakeGoogle& google, const std::vector<std::string>& extra) {
  std::vector<std::string> environment = google.environment();
  environment.push_back("REDIS_URL=" + jobkit::testing::required_service_variable("REDIS_URL"));
  environment.push_back("SHEETS_WRITES_PER_MINUTE=100000");
  // A variable given in extra replaces the default one of the same name.
  for (const std::string& entry : extra) {
    const std::string name = entry.substr(0, entry.find('=') + 1);
    std::erase_if(environment, [&](const std::string& existing) { return existing.starts_with(name); });
    environment.push_back(entry);
  }
  return environment;
}

jobkit::testing::ProcessResult run_sync(const FakeGoogle& google, const nlohmann::json& job,
                                        const std::vector<std::string>& extra_environment,
                                        const std::vector<std::string>& arguments) {
  std::vector<std::string> argv = {jobkit::testing::built_program("sync-sheets").string()};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  return jobkit::testing::run_process(
      {.argv = argv, .input = job.dump(), .environment = sync_environment(google, extra_environment),
       .unset = {"JOB_ID", "JOB_ATTEMPT", "JOB_ATTEMPTS", "JOB_PROGRESS_FD"}});
}

nlohmann::json output_json(const jobkit::testing::ProcessResult& result) {
  nlohmann::json value = nlohmann::json::parse(result.out, nullptr, false);
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  REQUIRE_FALSE(value.is_discarded());
  return value;
}

nlohmann::json booking(std::int64_t id, const std::string& status, double total, bool paid, const std::string& note) {
  return {{"id", id}, {"status", status}, {"total", total}, {"paid", paid}, {"note", note}};
}

nlohmann::json wide_rows(std::size_t count, std::size_t columns, std::size_t cell_length) {
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t r = 0; r < count; ++r) {
    nlohmann::json row = {{"c0", static_cast<std::int64_t>(r + 1)}};
    for (std::size_t c = 1; c < columns; ++c) {
      std::string text = "r" + std::to_string(r) + "c" + std::to_string(c) + "-";
      text.resize(cell_length, static_cast<char>('a' + (r + c) % 26));
      row["c" + std::to_string(c)] = text;
    }
    rows.push_back(row);
  }
  return rows;
}

Cells wide_cells(const nlohmann::json& rows, std::size_t columns) {
  Cells cells;
  std::vector<nlohmann::json> header;
  for (std::size_t c = 0; c < columns; ++c) header.push_back("c" + std::to_string(c));
  cells.push_back(header);
  for (const auto& row : rows) {
    std::vector<nlohmann::json> line;
    for (std::size_t c = 0; c < columns; ++c) line.push_back(row["c" + std::to_string(c)]);
    cells.push_back(line);
  }
  return cells;
}

}  // namespace sync_sheets_testing
