// read_job on good and bad jobs, each error's field checked.
#include <doctest/doctest.h>

#include "job.hpp"

using calc_badges::Mode;
using calc_badges::read_job;

namespace {

std::string job_error_field(const std::string& text) {
  const auto job = read_job(nlohmann::json::parse(text));
  REQUIRE_FALSE(job.ok());
  CHECK(job.error().exit_code == jobkit::ExitCode::invalid_data);
  return job.error().field;
}

}  // namespace

TEST_CASE("calc-badges job: the three modes") {
  const auto one = read_job(nlohmann::json::parse(R"({"contractor_id": 42})"));
  REQUIRE(one.ok());
  CHECK(one->mode == Mode::contractor);
  CHECK(one->contractor_ids == std::vector<std::int64_t>{42});
  const auto list = read_job(nlohmann::json::parse(R"({"contractor_ids": [7, 3, 7], "batch_size": 2})"));
  REQUIRE(list.ok());
  CHECK(list->mode == Mode::list);
  CHECK(list->contractor_ids == std::vector<std::int64_t>{3, 7});
  CHECK(list->batch_size == 2);
  const auto sweep = read_job(nlohmann::json::parse(R"({"scope": "all"})"));
  REQUIRE(sweep.ok());
  CHECK(sweep->mode == Mode::sweep);
  CHECK_FALSE(sweep->notify);
}

TEST_CASE("calc-badges job: notify") {
  const auto job = read_job(nlohmann::json::parse(
      R"({"contractor_id": 1, "notify": {"from": {"email": "a@example.com"}, "profile_url": "https://x/{contractor_id}"}})"));
  REQUIRE(job.ok());
  REQUIRE(job->notify);
  CHECK(job->notify->queue == "notifications");
  CHECK(job->notify->profile_url == "https://x/{contractor_id}");
  CHECK(job->notify->max == 1000);
  CHECK(job->notify->from == nlohmann::json::parse(R"({"email": "a@example.com"})"));
}

TEST_CASE("calc-badges job: too many ids is one error about the cap") {
  nlohmann::json ids = nlohmann::json::array();
  for (int id = 1; id <= 10001; ++id) ids.push_back(id);
  const auto job = read_job(nlohmann::json{{"contractor_ids", ids}});
  REQUIRE_FALSE(job.ok());
  CHECK(job.error().field == "/contractor_ids");
  CHECK(job.error().details.size() <= 1);
  for (const auto& problem : job.error().details) CHECK(problem.message.find("at least one") == std::string::npos);
}

TEST_CASE("calc-badges job: notify.from becomes the mailbox object send-notification takes") {
  const auto address = read_job(nlohmann::json::parse(
      R"({"scope": "all", "notify": {"from": "badges@example.com", "profile_url": "https://x/"}})"));
  REQUIRE(address.ok());
  CHECK(address->notify->from == nlohmann::json::parse(R"({"email": "badges@example.com"})"));
  const auto named = read_job(nlohmann::json::parse(
      R"({"scope": "all", "notify": {"from": {"email": "b@example.com", "name": "Badges"}, "profile_url": "https://x/"}})"));
  REQUIRE(named.ok());
  CHECK(named->notify->from == nlohmann::json::parse(R"({"email": "b@example.com", "name": "Badges"})"));
  CHECK(job_error_field(R"({"scope": "all", "notify": {"from": "not an address", "profile_url": "x"}})") == "/notify/from");
  CHECK(job_error_field(R"({"scope": "all", "notify": {"from": {"email": "a@example.com", "name": "A\r\nBcc: x@y.z"},
                            "profile_url": "x"}})") == "/notify/from/name");
  CHECK(job_error_field(R"({"scope": "all", "notify": {"from": {"name": "A"}, "profile_url": "x"}})") ==
        "/notify/from/email");
}

TEST_CASE("calc-badges job: bad jobs name their field") {
  CHECK(job_error_field("{}") == "/contractor_id");
  CHECK(job_error_field(R"({"contractor_id": 0})") == "/contractor_id");
  CHECK(job_error_field(R"({"contractor_id": "42"})") == "/contractor_id");
  CHECK(job_error_field(R"({"contractor_ids": []})") == "/contractor_ids");
  CHECK(job_error_field(R"({"contractor_ids": [1, -2]})") == "/contractor_ids/1");
  CHECK(job_error_field(R"({"contractor_id": 1, "contractor_ids": [1]})") == "/contractor_ids");
  CHECK(job_error_field(R"({"scope": "some"})") == "/scope");
  CHECK(job_error_field(R"({"scope": "all", "batch_size": 0})") == "/batch_size");
  CHECK(job_error_field(R"({"scope": "all", "notify": {"from": "a@example.com"}})") == "/notify/profile_url");
  CHECK(job_error_field(R"({"scope": "all", "notify": {"from": 3, "profile_url": "x"}})") == "/notify/from");
  CHECK(job_error_field(R"({"scope": "all", "notify": {"queue": "a:b", "from": "a@example.com", "profile_url": "x"}})") ==
        "/notify/queue");
  CHECK(job_error_field(R"({"scope": "all", "sweep": true})") == "/sweep");
  CHECK(job_error_field(R"({"scope": "all", "notify": {"from": "a@example.com", "profile_url": "x", "max": -1}})") ==
        "/notify/max");
}
