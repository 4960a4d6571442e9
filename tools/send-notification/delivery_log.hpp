// Never twice: one Redis key per (idempotency key, channel, recipient). Before a send the
// run claims the key (SET NX with an expiry longer than any send can take), so that a second
// run of the same job that overlaps this one neither sends nor reports that recipient; once
// the provider accepted the message the claim becomes the "sent" record, and a claim whose
// message was not accepted is released for the retry. The window between "accepted" and
// "recorded" is the only place a crash can still cause a duplicate: the claim then expires
// and the retry sends again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "jobkit/job_environment.hpp"
#include "jobkit/job_error.hpp"
#include "jobkit/redis_connection.hpp"
#include "job.hpp"

namespace send_notification {

// Longer than the slowest send may take (an SMTP transaction is cut off after 120 s, an HTTP
// request after 30 s), so that a claim never expires under a send still under way.
inline constexpr std::int64_t k_claim_seconds = 300;

enum class ClaimState {
  claimed,            // ours: send, then record_delivery or release
  delivered,          // a run has sent it: skip
  claimed_elsewhere,  // another run is sending it right now (or crashed doing so)
};

struct Claim {
  ClaimState state = ClaimState::claimed;
  std::int64_t seconds_left = -1;  // claimed_elsewhere: until that claim expires
};

class DeliveryLog {
 public:
  // key: the job's idempotency_key, else its JOB_ID (from the tool context). nullopt
  // (nothing recorded) when REDIS_URL is unset or key is empty. Deliveries are remembered
  // for ttl_seconds.
  // Errors: usage (64) for a bad REDIS_URL or a database Redis lacks; temporary (75) /
  // unavailable (69) when Redis cannot be reached, needs a password or refuses it.
  static jobkit::Result<std::optional<DeliveryLog>> open(const jobkit::EnvironmentLookup& environment,
                                                         const std::string& key, Channel channel,
                                                         std::int64_t ttl_seconds);

  // Errors (all three): temporary (75) when Redis fails.
  jobkit::Result<Claim> claim(const std::string& recipient_id);
  // Turns the claim into the "sent" record.
  jobkit::Status record_delivery(const std::string& recipient_id);
  // Gives up this run's claim (the message was not accepted); someone else's is left alone.
  jobkit::Status release(const std::string& recipient_id);

 private:
  DeliveryLog(jobkit::RedisConnection connection, std::string prefix, std::int64_t ttl_seconds);

  jobkit::RedisConnection m_connection;
  std::string m_prefix;  // "jobkit:notification:sent:<key>:<channel>:"
  std::int64_t m_ttl_seconds;
  std::string m_claim_value;  // "claim:<random token of this run>"
};

}  // namespace send_notification
