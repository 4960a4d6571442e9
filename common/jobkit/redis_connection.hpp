// A blocking Redis connection (hiredis 0.14) that owns its context and replies, with
// connect and command timeouts, AUTH (user and password for Redis 6 ACLs) and SELECT.
#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "jobkit/job_environment.hpp"
#include "jobkit/job_error.hpp"
#include "jobkit/redis_url.hpp"

struct redisContext;
struct redisReply;

namespace jobkit {

struct RedisTimeouts {
  std::chrono::milliseconds connect{2000};
  std::chrono::milliseconds command{5000};
};

// A non-owning view of one reply or of an element of an array reply.
class RedisValue {
 public:
  explicit RedisValue(const redisReply* reply) : m_reply(reply) {}
  bool is_nil() const;
  bool is_integer() const;
  bool is_string() const;  // bulk or status string
  bool is_array() const;
  std::int64_t integer() const;   // Requires: is_integer()
  std::string_view text() const;  // Requires: is_string()
  std::size_t size() const;       // elements of an array; 0 otherwise
  RedisValue at(std::size_t index) const;  // Requires: index < size()

 private:
  const redisReply* m_reply;
};

class RedisReply {
 public:
  explicit RedisReply(redisReply* reply);
  RedisValue value() const { return RedisValue(m_reply.get()); }

 private:
  struct Free {
    void operator()(redisReply* reply) const;
  };
  std::unique_ptr<redisReply, Free> m_reply;
};

class RedisConnection {
 public:
  // Connects, authenticates and selects the database. Errors: temporary (75) when Redis
  // cannot be reached or does not answer in time; unavailable (69) when it refuses the
  // credentials ("redis_auth_failed") or requires a password the endpoint lacks
  // ("redis_auth_required"); usage (64, "redis_no_such_database") when the database index
  // is beyond the server's `databases` (a configuration file maps that code to config, 78).
  // Messages show the endpoint with the password hidden.
  static Result<RedisConnection> connect(const RedisEndpoint& endpoint, const RedisTimeouts& timeouts = {});

  // connect() to REDIS_URL, or to redis://127.0.0.1:6379 when it is not set (an empty value
  // is an invalid URL). Errors: parse_redis_url's and connect()'s, with field "env:REDIS_URL"
  // on those the URL must fix (invalid_redis_url, redis_auth_required, redis_no_such_database).
  static Result<RedisConnection> from_environment(const EnvironmentLookup& environment,
                                                  const RedisTimeouts& timeouts = {});

  RedisConnection(RedisConnection&&) noexcept;
  RedisConnection& operator=(RedisConnection&&) noexcept;
  ~RedisConnection();

  // Sends one command; arguments are binary-safe. An error reply from Redis is an error
  // with code "redis_error" and the reply's text as message (internal, 70); a lost
  // connection or a timeout is temporary (75) and leaves the connection broken().
  Result<RedisReply> command(const std::vector<std::string_view>& arguments);
  Result<RedisReply> command(std::initializer_list<std::string_view> arguments);

  // For blocking commands (BZPOPMIN) that must wait longer than the usual timeout.
  Status set_command_timeout(std::chrono::milliseconds timeout);

  bool broken() const;
  const RedisEndpoint& endpoint() const { return m_endpoint; }

  // A handle that ends, from another thread, a command this connection is blocked in (a
  // BZPOPMIN): it shuts the socket down, which needs no answer from Redis, so it works when
  // Redis is gone too. The command then fails and the connection is broken(). The caller
  // must make sure the connection outlives every use of the handle.
  class Interrupter {
   public:
    void interrupt() const;

   private:
    friend class RedisConnection;
    explicit Interrupter(int socket) : m_socket(socket) {}
    int m_socket;
  };
  Interrupter interrupter() const;

 private:
  struct Free {
    void operator()(redisContext* context) const;
  };
  RedisConnection(std::unique_ptr<redisContext, Free> context, RedisEndpoint endpoint, RedisTimeouts timeouts);
  Status authenticate();
  Status select_database();

  std::unique_ptr<redisContext, Free> m_context;
  RedisEndpoint m_endpoint;
  RedisTimeouts m_timeouts;
};

}  // namespace jobkit
