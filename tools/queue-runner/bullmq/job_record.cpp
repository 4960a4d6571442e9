// Decoding job hashes and the fetch tuple of BullMQ's scripts.
#include "bullmq/job_record.hpp"

#include "jobkit/whole_number.hpp"

namespace bullmq {
namespace {

// The leading [-]digits, as from_chars reads them, and what follows ignored, so that a value
// such as "1700000000000.5" still reads as 1700000000000; 0 when the text does not start with
// a number or it does not fit.
std::int64_t to_integer(std::string_view text) {
  const std::size_t digits_start = text.starts_with('-') ? 1 : 0;
  const auto digits_end = text.find_first_not_of("0123456789", digits_start);  // npos: all digits
  return jobkit::parse_whole_number<std::int64_t>(text.substr(0, digits_end)).value_or(0);
}

std::int64_t integer_of(jobkit::RedisValue value) {
  if (value.is_integer()) return value.integer();
  if (value.is_string()) return to_integer(value.text());
  return 0;
}

}  // namespace

std::int64_t JobRecord::attempts_or(std::int64_t fallback) const {
  const auto found = opts.find("attempts");
  if (found != opts.end() && found->is_number() && found->get<double>() > 0) return found->get<std::int64_t>();
  return fallback;
}

JobRecord parse_job_record(std::string id, jobkit::RedisValue flat_hash) {
  JobRecord job;
  job.id = std::move(id);
  job.data = "{}";
  job.opts = nlohmann::json::object();
  for (std::size_t i = 0; i + 1 < flat_hash.size(); i += 2) {
    const std::string_view field = flat_hash.at(i).text();
    const std::string_view value = flat_hash.at(i + 1).text();
    if (field == "name") job.name = value;
    else if (field == "data") job.data = value;
    else if (field == "opts") job.opts = nlohmann::json::parse(value, nullptr, false);
    else if (field == "timestamp") job.timestamp = to_integer(value);
    else if (field == "atm" || field == "attemptsMade") job.attempts_made = to_integer(value);
    else if (field == "ats") job.attempts_started = to_integer(value);
    else if (field == "rjk") job.scheduler_id = std::string(value);
    else if (field == "defa") job.deferred_failure = std::string(value);
    else if (field == "stacktrace") job.stacktrace = value;
  }
  if (!job.opts.is_object()) job.opts = nlohmann::json::object();  // unparsable: behave as "no options"
  return job;
}

FetchResult parse_fetch_result(jobkit::RedisValue reply) {
  FetchResult result;
  if (!reply.is_array() || reply.size() < 4) return result;
  result.rate_limit_ms = integer_of(reply.at(2));
  result.next_delayed_ms = integer_of(reply.at(3));
  if (reply.at(0).is_array() && reply.at(1).is_string()) {
    result.job = parse_job_record(std::string(reply.at(1).text()), reply.at(0));
  }
  return result;
}

}  // namespace bullmq
