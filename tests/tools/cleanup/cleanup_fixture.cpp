#include "cleanup_fixture.hpp"

#include <doctest/doctest.h>
#include <zlib.h>

#include "jobkit/random.hpp"
#include "services.hpp"

namespace cleanup_testing {
namespace {

jobkit::PostgresConnection connect_to(const std::string& url) {
  auto connection = jobkit::PostgresConnection::connect(url);
  REQUIRE_MESSAGE(connection.ok(), connection.error().message);
  return std::move(connection).value();
}

// psql, since one string may hold several statements (libpq's parameter form takes one).
void run_on(const std::string& url, const std::string& sql) {
  const auto done = jobkit::testing::run_process(
      {.argv = {"/usr/bin/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql}});
  REQUIRE_MESSAGE(done.exit_code == 0, done.err);
}

// DATABASE_URL with its database name (the path's last part) replaced.
std::string with_database(const std::string& url, const std::string& name) {
  const std::size_t query = url.find('?');
  const std::size_t slash = url.rfind('/', query);
  return url.substr(0, slash + 1) + name + (query == std::string::npos ? "" : url.substr(query));
}

}  // namespace

TestDatabase::TestDatabase(Kind kind, const std::string& settings)
    : m_kind(kind), m_name("cleanup_" + jobkit::random_hex(12)) {
  const std::string base = jobkit::testing::required_service_variable("DATABASE_URL");
  if (kind == Kind::schema) {
    run_on(base, "CREATE SCHEMA " + m_name);
    m_url = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + m_name;
  } else {
    run_on(base, "CREATE DATABASE " + m_name);
    if (!settings.empty()) run_on(base, "ALTER DATABASE " + m_name + " SET " + settings);
    m_url = with_database(base, m_name);
  }
}

TestDatabase::~TestDatabase() {
  const std::string base = jobkit::testing::required_service_variable("DATABASE_URL");
  auto connection = jobkit::PostgresConnection::connect(base);
  if (!connection) return;
  (void)connection->execute({"drop", m_kind == Kind::schema ? "DROP SCHEMA " + m_name + " CASCADE"
                                                            : "DROP DATABASE " + m_name + " WITH (FORCE)"});
}

jobkit::PostgresConnection TestDatabase::connect() const { return connect_to(m_url); }

void TestDatabase::run(const std::string& sql) const { run_on(m_url, sql); }

std::string TestDatabase::scalar(const std::string& sql) const {
  auto connection = connect();
  auto result = connection.execute({"test query", sql});
  REQUIRE_MESSAGE(result.ok(), result.error().message);
  REQUIRE(result->rows().rows() >= 1);
  return std::string(result->rows().text(0, 0));
}

void create_audit_table(const TestDatabase& database, AuditLayout layout) {
  // The reference schema's columns; partitioned by month as the platform may do it.
  const std::string columns =
      "id bigint NOT NULL, actor_id bigint, action text NOT NULL, entity text, entity_id bigint, details jsonb, "
      "created_at timestamptz NOT NULL";
  if (layout == AuditLayout::plain) {
    database.run("CREATE TABLE audit_logs (" + columns + ", PRIMARY KEY (id)); "
                 "CREATE INDEX audit_logs_created ON audit_logs (created_at)");
    return;
  }
  std::string sql = "CREATE TABLE audit_logs (" + columns + ", PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at); "
                    "CREATE INDEX audit_logs_created ON audit_logs (created_at); ";
  // Twelve months back to two ahead of this month.
  for (int month = -12; month <= 2; ++month) {
    const std::string from = "date_trunc('month', now()) + interval '" + std::to_string(month) + " month'";
    const std::string to = "date_trunc('month', now()) + interval '" + std::to_string(month + 1) + " month'";
    sql += "DO $$ BEGIN EXECUTE format('CREATE TABLE audit_logs_m" + std::to_string(month + 12) +
           " PARTITION OF audit_logs FOR VALUES FROM (%L) TO (%L)', " + from + ", " + to + "); END $$; ";
  }
  if (layout == AuditLayout::partitioned_with_default) sql += "CREATE TABLE audit_logs_default PARTITION OF audit_logs DEFAULT";
  database.run(sql);
}

void insert_audit_rows(const TestDatabase& database, std::int64_t first_id, std::int64_t rows, const std::string& age) {
  database.run("INSERT INTO audit_logs (id, actor_id, action, entity, entity_id, details, created_at) "
               "SELECT g, g % 97, 'update', 'review', g, jsonb_build_object('n', g), now() - interval '" + age +
               "' - (g % 1000) * interval '1 second' FROM generate_series(" + std::to_string(first_id) + ", " +
               std::to_string(first_id + rows - 1) + ") g");
}

// The "id" of every line of every gzip'd NDJSON file below folder.
std::multiset<std::int64_t> archived_ids(const std::filesystem::path& folder) {
  std::multiset<std::int64_t> ids;
  if (!std::filesystem::exists(folder)) return ids;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (!entry.is_regular_file() || entry.path().filename().string().front() == '.') continue;
    gzFile file = gzopen(entry.path().c_str(), "rb");
    REQUIRE(file != nullptr);
    std::string text;
    char buffer[65536];
    int got = 0;
    while ((got = gzread(file, buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<std::size_t>(got));
    gzclose(file);
    std::size_t start = 0;
    while (start < text.size()) {
      const std::size_t end = text.find('\n', start);
      ids.insert(nlohmann::json::parse(text.substr(start, end - start)).at("id").get<std::int64_t>());
      start = end + 1;
    }
  }
  return ids;
}

jobkit::testing::ProcessResult run_cleanup(const nlohmann::json& job, const std::vector<std::string>& environment,
                                           const std::vector<std::string>& arguments) {
  std::vector<std::string> argv{jobkit::testing::built_program("cleanup").string()};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  return jobkit::testing::run_process({.argv = argv, .input = job.dump(), .environment = environment});
}

nlohmann::json result_of(const jobkit::testing::ProcessResult& run) {
  INFO("stdout: " << run.out);
  INFO("stderr: " << run.err);
  REQUIRE(run.exit_code == 0);
  return nlohmann::json::parse(run.out);
}

}  // namespace cleanup_testing
