#include "row_source.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "jobkit/json_fields.hpp"
#include "jobkit/postgres_connection.hpp"
#include "jobkit/storage.hpp"

namespace sync_sheets {
namespace {

constexpr std::size_t k_query_batch_rows = 5000;

jobkit::JobError bad_record(std::string message, std::string field) {
  return jobkit::JobError::make(jobkit::ExitCode::invalid_data, std::move(message), std::move(field));
}

jobkit::Result<std::string> read_all(const jobkit::FileDescriptor& file) {
  std::string text;
  char buffer[65536];
  for (;;) {
    const ssize_t count = ::read(file.get(), buffer, sizeof buffer);
    if (count == 0) return text;
    if (count < 0) return jobkit::JobError::make(jobkit::ExitCode::io_error, "cannot read the rows file", "/file");
    text.append(buffer, static_cast<std::size_t>(count));
  }
}

jobkit::Result<std::vector<Record>> ndjson_records(const std::string& path, const jobkit::EnvironmentLookup& environment) {
  auto root = jobkit::StorageRoot::from_environment(environment);
  if (!root) return root.error();
  auto file = root->open_for_reading(path, "/file");
  if (!file) return file.error();
  auto text = read_all(file.value());
  if (!text) return text.error();
  std::vector<Record> records;
  std::istringstream lines(text.value());
  std::string line;
  for (std::size_t number = 1; std::getline(lines, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json value = nlohmann::json::parse(line, nullptr, false);
    if (!value.is_object()) return bad_record(fmt::format("line {} of {} is not a JSON object", number, path), "/file");
    records.push_back({std::move(value), fmt::format("/file line {}", number)});
  }
  return records;
}

jobkit::Result<jobkit::SqlQuery> load_query(const std::filesystem::path& folder, const std::string& name) {
  const std::filesystem::path path = folder / (name + ".sql");
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  if (file) text << file.rdbuf();
  if (!file || text.str().find_first_not_of(" \t\r\n") == std::string::npos) {
    jobkit::JobError error = jobkit::JobError::make(jobkit::ExitCode::config, fmt::format("cannot read the query file {}", path.string()), "/query/name");
    error.code = "query_file_missing";
    return error;
  }
  return jobkit::SqlQuery{path.string(), text.str()};
}

jobkit::Result<std::vector<Record>> query_records(const Source& source, const std::filesystem::path& queries,
                                                  const jobkit::EnvironmentLookup& environment) {
  auto query = load_query(queries, source.query);
  if (!query) return query.error();
  auto connected = jobkit::PostgresConnection::from_environment(environment);
  if (!connected) return connected.error();
  jobkit::PostgresConnection& connection = connected.value();
  std::vector<Record> records;
  auto read = connection.transaction(jobkit::TransactionAccess::read_only, [&]() -> jobkit::Status {
    return connection.stream(query.value(), source.parameters, k_query_batch_rows, [&](const jobkit::PostgresRows& rows) -> jobkit::Status {
      if (rows.columns() != 1) return bad_record(fmt::format("{} must return one JSON column per row", query->name), "/query/name");
      for (std::size_t row = 0; row < rows.rows(); ++row) {
        nlohmann::json value = nlohmann::json::parse(rows.text(row, 0), nullptr, false);
        if (!value.is_object()) return bad_record(fmt::format("{} returned a row that is not a JSON object", query->name), "/query/name");
        records.push_back({std::move(value), fmt::format("/query row {}", records.size() + 1)});
      }
      return jobkit::Done{};
    });
  });
  if (!read) return read.error();
  return records;
}

}  // namespace

jobkit::Result<std::vector<Record>> read_records(const Source& source, const std::filesystem::path& queries,
                                                 const jobkit::EnvironmentLookup& environment) {
  switch (source.kind) {
    case SourceKind::inline_rows: {
      std::vector<Record> records;
      for (std::size_t i = 0; i < source.rows.size(); ++i) records.push_back({source.rows[i], jobkit::append_pointer("/rows", i)});
      return records;
    }
    case SourceKind::ndjson_file: return ndjson_records(source.file, environment);
    case SourceKind::query: return query_records(source, queries, environment);
  }
  return std::vector<Record>{};
}

}  // namespace sync_sheets
