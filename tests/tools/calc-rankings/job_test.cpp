// read_job: defaults, and every bad field named by its JSON Pointer.
#include <doctest/doctest.h>

#include "job.hpp"
#include "timestamp.hpp"

using calc_rankings::read_job;
using calc_rankings::ScopeKind;

namespace {

jobkit::JobError job_error(const char* text) {
  auto job = read_job(nlohmann::json::parse(text), 0);
  REQUIRE_FALSE(job.ok());
  CHECK(job.error().exit_code == jobkit::ExitCode::invalid_data);
  return job.error();
}

}  // namespace

TEST_CASE("calc-rankings job: defaults and an as_of of now echoed in RFC 3339") {
  const auto job = read_job(nlohmann::json::object(), 1795824000);
  REQUIRE(job.ok());
  CHECK(job->as_of == "2026-11-28T00:00:00Z");
  CHECK(job->scope.kind == ScopeKind::all);
  CHECK(job->parameters.prior_weight == 10);
  CHECK(job->parameters.min_reviews == 3);
  CHECK(job->publish.redis);
  CHECK(job->publish.postgres);
  CHECK(job->publish.key_prefix == "rankings");
  CHECK_FALSE(job->notify);
}

TEST_CASE("calc-rankings job: scopes") {
  const auto group = read_job(nlohmann::json::parse(R"({"scope": "group", "category": "roofing", "region": "berlin"})"), 0);
  REQUIRE(group.ok());
  CHECK(group->scope.kind == ScopeKind::groups);
  CHECK(group->scope.category == "roofing");
  const auto changed = read_job(nlohmann::json::parse(R"({"scope": "changed", "since": "2026-11-01T00:00:00+01:00"})"), 0);
  REQUIRE(changed.ok());
  CHECK(changed->scope.kind == ScopeKind::changed);
  CHECK(job_error(R"({"scope": "group"})").field == "/scope");
  CHECK(job_error(R"({"scope": "weekly"})").field == "/scope");
  CHECK(job_error(R"({"category": "roofing"})").field == "/category");
  CHECK(job_error(R"({"scope": "changed", "since": "last week"})").field == "/since");
}

TEST_CASE("calc-rankings job: bad values name their field") {
  CHECK(job_error(R"({"as_of": "2026-13-01T00:00:00Z"})").field == "/as_of");
  CHECK(job_error(R"({"as_of": 5})").field == "/as_of");
  CHECK(job_error(R"({"parameters": {"half_life_days": 0}})").field == "/parameters/half_life_days");
  CHECK(job_error(R"({"parameters": {"min_reviews": 0}})").field == "/parameters/min_reviews");
  CHECK(job_error(R"({"parameters": {"signal_weights": {"quality": 0.5}}})").field == "/parameters/signal_weights");
  CHECK(job_error(R"({"parameters": {"prior": 3}})").field == "/parameters/prior");
  CHECK(job_error(R"({"publish": {"redis": false, "postgres": false}})").field == "/publish");
  CHECK(job_error(R"({"publish": {"key_prefix": "a b"}})").field == "/publish/key_prefix");
  CHECK(job_error(R"({"as_of": "0000-01-01T00:00:00Z"})").field == "/as_of");
  CHECK(job_error(R"({"as_of": "1969-12-31T23:59:59Z"})").field == "/as_of");
  CHECK(job_error(R"({"scope": "changed", "since": "0000-01-01T00:00:00Z"})").field == "/since");
  CHECK(job_error(R"({"notify": {"from": "a@example.com"}})").field == "/notify/profile_url");
  CHECK(job_error(R"({"notify": {"from": "a@example.com", "profile_url": "x", "max": 100001}})").field == "/notify/max");
  CHECK(job_error(R"({"notify": {"queue": "a:b", "from": "a@example.com", "profile_url": "x"}})").field == "/notify/queue");
  CHECK(job_error(R"({"top": -1})").field == "/top");
}

TEST_CASE("calc-rankings timestamps: RFC 3339 in and out") {
  CHECK(calc_rankings::parse_rfc3339("2026-11-28T00:00:00Z") == 1795824000);
  CHECK(calc_rankings::parse_rfc3339("2026-11-28T01:00:00.250+01:00") == 1795824000);
  CHECK(calc_rankings::parse_rfc3339("1969-12-31T23:59:59Z") == -1);
  CHECK_FALSE(calc_rankings::parse_rfc3339("2026-02-30T00:00:00Z"));
  CHECK_FALSE(calc_rankings::parse_rfc3339("2026-11-28 00:00:00"));
  CHECK(calc_rankings::format_rfc3339(1795824000) == "2026-11-28T00:00:00Z");
  CHECK(calc_rankings::format_rfc3339(-1) == "1969-12-31T23:59:59Z");
}
