// The dead-letter queue of the BullMQ library against the private Redis of scripts/test:
// each test uses a queue prefix of its own, so runs never see each other's entries.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "bullmq/dead_letters.hpp"
#include "jobkit/random.hpp"
#include "jobkit/redis_url.hpp"
#include "services.hpp"

namespace {

jobkit::RedisConnection connect_to_test_redis() {
  auto endpoint = jobkit::parse_redis_url(jobkit::testing::required_service_variable("REDIS_URL"));
  REQUIRE(endpoint.ok());
  auto connection = jobkit::RedisConnection::connect(endpoint.value());
  REQUIRE(connection.ok());
  return std::move(connection.value());
}

// Random, not the clock: two test cases (or two test processes) may start within one millisecond.
std::string fresh_prefix() { return "dlqtest-" + jobkit::random_hex(16); }

bullmq::DeadLetter sample_letter(std::string job_id, std::int64_t failed_at) {
  bullmq::DeadLetter letter;
  letter.queue = "documents";
  letter.job_id = std::move(job_id);
  letter.name = "invoice";
  letter.data = {{"zeta", 1}, {"alpha", "x"}};
  letter.opts = {{"attempts", 3}, {"jobId", "old-id"}, {"delay", 500}};
  letter.failed_reason = "SMTP said 550";
  letter.attempts_made = 3;
  letter.exit_code = 65;
  letter.log_tail = {"first line", "last line"};
  letter.failed_at = failed_at;
  return letter;
}

}  // namespace

TEST_CASE("DeadLetter: to_json and back keeps every member") {
  bullmq::DeadLetter letter = sample_letter("12", 1764331200000);
  letter.exit_code.reset();
  letter.signal = "SIGKILL";
  const auto entry = bullmq::to_json(letter);
  CHECK(entry.size() == 11);
  CHECK(entry["exit_code"].is_null());
  const bullmq::DeadLetter read = bullmq::dead_letter_from_json(entry);
  CHECK(read.queue == letter.queue);
  CHECK(read.job_id == letter.job_id);
  CHECK(read.name == letter.name);
  CHECK(read.data == letter.data);
  CHECK(read.opts == letter.opts);
  CHECK(read.failed_reason == letter.failed_reason);
  CHECK(read.attempts_made == letter.attempts_made);
  CHECK_FALSE(read.exit_code.has_value());
  CHECK(read.signal == "SIGKILL");
  CHECK(read.log_tail == letter.log_tail);
  CHECK(read.failed_at == letter.failed_at);
}

TEST_CASE("DeadLetter: an entry edited by hand with wrong types still reads") {
  const auto read = bullmq::dead_letter_from_json({{"queue", 5}, {"opts", "x"}, {"failed_at", "soon"}, {"log_tail", {1, "ok"}}});
  CHECK(read.queue.empty());
  CHECK(read.opts == nlohmann::ordered_json::object());
  CHECK(read.failed_at == 0);
  CHECK(read.log_tail == std::vector<std::string>{"ok"});
}

TEST_CASE("DeadLetterQueue: write and list and show and count - a second write of one job changes nothing") {
  auto redis = connect_to_test_redis();
  const bullmq::DeadLetterQueue letters(fresh_prefix(), "dead-letters");
  REQUIRE(letters.write(redis, sample_letter("1", 1000)).ok());
  REQUIRE(letters.write(redis, sample_letter("2", 2000)).ok());
  REQUIRE(letters.write(redis, sample_letter("1", 3000)).ok());
  auto listed = letters.list(redis);
  REQUIRE(listed.ok());
  REQUIRE(listed->size() == 2);
  CHECK(letters.count(redis).value() == 2);
  auto shown = letters.show(redis, bullmq::DeadLetterQueue::entry_id("documents", "1"));
  REQUIRE(shown.ok());
  CHECK(shown->letter.failed_at == 1000);  // the first write stands
  CHECK(shown->letter.data.dump() == R"({"zeta":1,"alpha":"x"})");  // in the producer's order
}

TEST_CASE("DeadLetterQueue: show of a missing entry is 66 naming it") {
  auto redis = connect_to_test_redis();
  const bullmq::DeadLetterQueue letters(fresh_prefix(), "dead-letters");
  auto shown = letters.show(redis, "dlq:documents:404");
  REQUIRE_FALSE(shown.ok());
  CHECK(shown.error().exit_code == jobkit::ExitCode::missing_input);
  CHECK(shown.error().message.find("dlq:documents:404") != std::string::npos);
}

TEST_CASE("DeadLetterQueue: withdraw removes the entry of that job only") {
  auto redis = connect_to_test_redis();
  const bullmq::DeadLetterQueue letters(fresh_prefix(), "dead-letters");
  REQUIRE(letters.write(redis, sample_letter("1", 1000)).ok());
  REQUIRE(letters.write(redis, sample_letter("2", 1000)).ok());
  REQUIRE(letters.withdraw(redis, "documents", "1").ok());
  REQUIRE(letters.withdraw(redis, "documents", "404").ok());
  auto listed = letters.list(redis);
  REQUIRE(listed.ok());
  REQUIRE(listed->size() == 1);
  CHECK(listed->front().letter.job_id == "2");
}

TEST_CASE("DeadLetterQueue: retry adds the job again without its stale options and logs it") {
  auto redis = connect_to_test_redis();
  const std::string prefix = fresh_prefix();
  const bullmq::DeadLetterQueue letters(prefix, "dead-letters");
  REQUIRE(letters.write(redis, sample_letter("1", 1000)).ok());
  const std::string entry = bullmq::DeadLetterQueue::entry_id("documents", "1");
  auto retried = letters.retry(redis, entry, std::string(R"({"edited":true,"a":0})"));
  REQUIRE_MESSAGE(retried.ok(), (retried.ok() ? "" : retried.error().message));
  CHECK(retried->starts_with(entry + "-retry-"));
  const bullmq::Queue documents(prefix, "documents");
  auto stored = redis.command({"HMGET", documents.keys().job_key(retried.value()), "data", "opts", "name"});
  REQUIRE(stored.ok());
  CHECK(stored->value().at(0).text() == R"({"edited":true,"a":0})");
  const auto opts = nlohmann::json::parse(stored->value().at(1).text());
  CHECK(opts["attempts"] == 3);
  CHECK_FALSE(opts.contains("delay"));
  CHECK(stored->value().at(2).text() == "invoice");
  auto log = redis.command({"LRANGE", bullmq::QueueKeys{prefix, "dead-letters"}.job_logs_key(entry), "0", "-1"});
  REQUIRE(log.ok());
  REQUIRE(log->value().size() == 1);
  CHECK(log->value().at(0).text() == fmt::format("retried as documents/{}", retried.value()));
}

TEST_CASE("DeadLetterQueue: retry refuses an entry whose queue name was edited into a bad one") {
  auto redis = connect_to_test_redis();
  const bullmq::DeadLetterQueue letters(fresh_prefix(), "dead-letters");
  bullmq::DeadLetter letter = sample_letter("1", 1000);
  letter.queue = "nosuch:queue";
  REQUIRE(letters.write(redis, letter).ok());
  auto retried = letters.retry(redis, bullmq::DeadLetterQueue::entry_id("nosuch:queue", "1"), std::nullopt);
  REQUIRE_FALSE(retried.ok());
  CHECK(retried.error().exit_code == jobkit::ExitCode::invalid_data);
  CHECK(retried.error().field == "/queue");
}

TEST_CASE("DeadLetterQueue: purge removes the entries that failed at or before the cutoff") {
  auto redis = connect_to_test_redis();
  const bullmq::DeadLetterQueue letters(fresh_prefix(), "dead-letters");
  REQUIRE(letters.write(redis, sample_letter("old", 1000)).ok());
  REQUIRE(letters.write(redis, sample_letter("new", 5000)).ok());
  auto removed = letters.purge(redis, 1000);
  REQUIRE(removed.ok());
  CHECK(removed.value() == 1);
  auto listed = letters.list(redis);
  REQUIRE(listed.ok());
  REQUIRE(listed->size() == 1);
  CHECK(listed->front().letter.job_id == "new");
}

TEST_CASE("DeadLetterQueue: retry without edits gives the job its data in the producer's key order") {
  auto redis = connect_to_test_redis();
  const std::string prefix = fresh_prefix();
  const bullmq::DeadLetterQueue letters(prefix, "dead-letters");
  bullmq::DeadLetter letter = sample_letter("1", 1000);
  letter.data = nlohmann::ordered_json::parse(R"({"zeta":1,"alpha":{"y":2,"b":3}})");
  REQUIRE(letters.write(redis, letter).ok());
  auto retried = letters.retry(redis, bullmq::DeadLetterQueue::entry_id("documents", "1"), std::nullopt);
  REQUIRE(retried.ok());
  auto data = redis.command({"HGET", bullmq::QueueKeys{prefix, "documents"}.job_key(retried.value()), "data"});
  REQUIRE(data.ok());
  CHECK(data->value().text() == R"({"zeta":1,"alpha":{"y":2,"b":3}})");
}
