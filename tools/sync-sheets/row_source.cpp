#include "row_source.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <string_view>

#include <fmt/format.h>

#include "jobkit/json_fields.hpp"
#include "jobkit/postgres_connection.hpp"
#include "jobkit/sql_files.hpp"
#include "jobkit/storage.hpp"

namespace sync_sheets {
namespace {

constexpr std::size_t k_query_batch_rows = 5000;

jobkit::JobError bad_record(std::string message, std::string field) {
  return jobkit::JobError::make(jobkit::ExitCode::invalid_data, std::move(message), std::move(field));
}

// Reads the file a block at a time and hands over each non-blank line.
jobkit::Status ndjson_records(const std::string& path, const jobkit::EnvironmentLookup& environment,
                              const RecordHandler& on_record) {
  auto root = jobkit::StorageRoot::from_environment(environment);
  if (!root) return root.error();
  auto file = root->open_for_reading(path, "/file");
  if (!file) return file.error();
  std::string pending;
  std::size_t number = 0;
  char buffer[65536];
  const auto handle_line = [&](std::string_view line) -> jobkit::Status {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) return jobkit::Done{};
    const nlohmann::json value = nlohmann::json::parse(line, nullptr, false);
    if (!value.is_object()) return bad_record(fmt::format("line {} of {} is not a JSON object", number, path), "/file");
    return on_record(value, fmt::format("/file line {}", number));
  };
  for (;;) {
    const ssize_t count = ::read(file->get(), buffer, sizeof buffer);
    if (count < 0) return jobkit::JobError::make(jobkit::ExitCode::io_error, "cannot read the rows file", "/file");
    if (count == 0) break;
    pending.append(buffer, static_cast<std::size_t>(count));
    std::size_t start = 0;
    for (std::size_t end = pending.find('\n'); end != std::string::npos; end = pending.find('\n', start)) {
      if (auto handled = handle_line(std::string_view(pending).substr(start, end - start)); !handled) return handled;
      start = end + 1;
    }
    pending.erase(0, start);
  }
  if (!pending.empty()) return handle_line(pending);
  return jobkit::Done{};
}

// The highest $N the statement uses, outside comments, quoted strings and identifiers: the
// number of parameters it takes. PostgreSQL reports a wrong count as a protocol violation
// (08P01), without saying which field: the job's mistake is caught here instead, at /query/parameters.
std::size_t parameters_taken(std::string_view sql) {
  std::size_t highest = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '-' && sql.substr(i, 2) == "--") {
      i = std::min(sql.find('\n', i), sql.size());
    } else if (c == '/' && sql.substr(i, 2) == "/*") {
      i = std::min(sql.find("*/", i + 2), sql.size()) + 1;
    } else if (c == '\'' || c == '"') {
      i = std::min(sql.find(c, i + 1), sql.size());
    } else if (c == '$' && i + 1 < sql.size() && sql[i + 1] >= '1' && sql[i + 1] <= '9' &&
               (i == 0 || !(std::isalnum(static_cast<unsigned char>(sql[i - 1])) || sql[i - 1] == '_'))) {
      std::size_t number = 0;
      while (i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1])) && number < 100000) {
        number = number * 10 + static_cast<std::size_t>(sql[++i] - '0');
      }
      highest = std::max(highest, number);
    }
  }
  return highest;
}

jobkit::Status check_parameter_count(const jobkit::SqlQuery& query, const Source& source) {
  const std::size_t taken = parameters_taken(query.text);
  if (taken == source.parameters.size()) return jobkit::Done{};
  return bad_record(fmt::format("the query {} takes {} parameter{}, the job gives {}", source.query, taken,
                                taken == 1 ? "" : "s", source.parameters.size()),
                    "/query/parameters");
}

// The shared loader, with the error pointing at the job's query name.
jobkit::Result<jobkit::SqlQuery> load_query(const std::filesystem::path& folder, const std::string& name) {
  auto query = jobkit::load_sql_file(folder, name);
  if (!query) {
    jobkit::JobError error = query.error();
    error.field = "/query/name";
    return error;
  }
  return query;
}

jobkit::Status query_records(const Source& source, const std::filesystem::path& queries,
                             const jobkit::EnvironmentLookup& environment, const RecordHandler& on_record) {
  auto query = load_query(queries, source.query);
  if (!query) return query.error();
  if (auto counted = check_parameter_count(query.value(), source); !counted) return counted;
  auto connected = jobkit::PostgresConnection::from_environment(environment);
  if (!connected) return connected.error();
  jobkit::PostgresConnection& connection = connected.value();
  std::size_t number = 0;
  jobkit::Status streamed = connection.transaction(jobkit::TransactionAccess::read_only, [&]() -> jobkit::Status {
    return connection.stream(query.value(), source.parameters, k_query_batch_rows, [&](const jobkit::PostgresRows& rows) -> jobkit::Status {
      if (rows.columns() != 1) return bad_record(fmt::format("{} must return one JSON column per row", query->name), "/query/name");
      for (std::size_t row = 0; row < rows.rows(); ++row) {
        nlohmann::json value = nlohmann::json::parse(rows.text(row, 0), nullptr, false);
        if (!value.is_object()) return bad_record(fmt::format("{} returned a row that is not a JSON object", query->name), "/query/name");
        if (auto handled = on_record(value, fmt::format("/query row {}", ++number)); !handled) return handled;
      }
      return jobkit::Done{};
    });
  });
  // A parameter the server could not read as its type ("notadate" for a date) is the job's.
  const auto parameter = connection.failed_parameter();
  if (!streamed && streamed.error().exit_code == jobkit::ExitCode::invalid_data && parameter &&
      static_cast<std::size_t>(*parameter) <= source.parameters.size()) {
    const std::string& message = streamed.error().message;
    const auto reason = message.find("): ");  // after "(SQLSTATE 22007)": the server's words
    return bad_record(fmt::format("parameter ${} is not a value the query {} can take{}", *parameter, source.query,
                                  reason == std::string::npos ? "" : ": " + message.substr(reason + 3)),
                      fmt::format("/query/parameters/{}", *parameter - 1));
  }
  return streamed;
}

}  // namespace

jobkit::Status for_each_record(const Source& source, const std::filesystem::path& queries,
                               const jobkit::EnvironmentLookup& environment, const RecordHandler& on_record) {
  switch (source.kind) {
    case SourceKind::inline_rows:
      for (std::size_t i = 0; i < source.rows.size(); ++i) {
        if (auto handled = on_record(source.rows[i], jobkit::append_pointer("/rows", i)); !handled) return handled;
      }
      return jobkit::Done{};
    case SourceKind::ndjson_file: return ndjson_records(source.file, environment, on_record);
    case SourceKind::query: return query_records(source, queries, environment, on_record);
  }
  return jobkit::Done{};
}

}  // namespace sync_sheets
