#include <doctest/doctest.h>

#include "jobkit/follow_up_job.hpp"

using nlohmann::json;

TEST_CASE("read_follow_up_job: a whole entry") {
  const json entry = {{"queue", "notifications"}, {"name", "pdf-ready"}, {"data", {{"a", 1}}}, {"opts", {{"attempts", 3}}}};
  const auto job = jobkit::read_follow_up_job(entry, "/enqueue/0");
  REQUIRE(job.ok());
  CHECK(job->queue == "notifications");
  CHECK(job->name == "pdf-ready");
  CHECK(job->data == json{{"a", 1}});
  CHECK(job->opts == json{{"attempts", 3}});
  CHECK(jobkit::to_json(job.value()) == entry);
}

TEST_CASE("read_follow_up_job: defaults for name data and opts") {
  const auto job = jobkit::read_follow_up_job({{"queue", "images"}}, "/enqueue/1");
  REQUIRE(job.ok());
  CHECK(job->name == "default");
  CHECK(job->data == json::object());
  CHECK(job->opts == json::object());
}

TEST_CASE("read_follow_up_job: data of any type is kept and opts that are not an object become {}") {
  const auto job = jobkit::read_follow_up_job({{"queue", "images"}, {"data", json::array({1, 2})}, {"opts", "x"}}, "/enqueue/0");
  REQUIRE(job.ok());
  CHECK(job->data == json::array({1, 2}));
  CHECK(job->opts == json::object());
}

TEST_CASE("read_follow_up_job: no usable queue name is 65 naming the entry") {
  for (const json& entry : {json{{"queue", ""}}, json{{"queue", "a:b"}}, json{{"name", "x"}}, json{{"queue", 7}},
                            json("notifications"), json::array()}) {
    const auto job = jobkit::read_follow_up_job(entry, "/enqueue/2");
    REQUIRE_FALSE(job.ok());
    CHECK(job.error().exit_code == jobkit::ExitCode::invalid_data);
    CHECK(job.error().message == "result /enqueue/2 needs a queue name without ':'");
    CHECK(job.error().field == "/enqueue/2");
  }
}

TEST_CASE("read_follow_up_job: a name that is not a string is 65 at its pointer") {
  const auto job = jobkit::read_follow_up_job({{"queue", "images"}, {"name", 3}}, "/enqueue/0");
  REQUIRE_FALSE(job.ok());
  CHECK(job.error().field == "/enqueue/0/name");
}
