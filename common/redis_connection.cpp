// hiredis 0.14 wrapped once: every error state becomes a JobError here.
#include "jobkit/redis_connection.hpp"

#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>

#include <fmt/format.h>
#include <hiredis/hiredis.h>

namespace jobkit {
namespace {

timeval to_timeval(std::chrono::milliseconds duration) {
  timeval value{};
  value.tv_sec = static_cast<time_t>(duration.count() / 1000);
  value.tv_usec = static_cast<suseconds_t>((duration.count() % 1000) * 1000);
  return value;
}

JobError redis_error(ExitCode exit_code, std::string code, std::string message) {
  JobError error = JobError::make(exit_code, std::move(message));
  error.code = std::move(code);
  return error;
}

// The error replies that say the URL itself is wrong, not that something failed inside.
JobError classify_setup_error(const JobError& error, const RedisEndpoint& endpoint) {
  if (error.code != "redis_error") return error;
  if (error.message.starts_with("NOAUTH")) {
    return redis_error(ExitCode::unavailable, "redis_auth_required",
                       fmt::format("Redis at {} requires a password and none was given", endpoint.display()));
  }
  if (error.message.find("DB index is out of range") != std::string::npos) {
    return redis_error(ExitCode::usage, "redis_no_such_database",
                       fmt::format("Redis at {} has no database {} (its `databases` setting is lower)",
                                   endpoint.display(), endpoint.database));
  }
  return error;
}

}  // namespace

bool RedisValue::is_nil() const { return m_reply->type == REDIS_REPLY_NIL; }
bool RedisValue::is_integer() const { return m_reply->type == REDIS_REPLY_INTEGER; }
bool RedisValue::is_string() const {
  return m_reply->type == REDIS_REPLY_STRING || m_reply->type == REDIS_REPLY_STATUS;
}
bool RedisValue::is_array() const { return m_reply->type == REDIS_REPLY_ARRAY; }
std::int64_t RedisValue::integer() const { return m_reply->integer; }
std::string_view RedisValue::text() const { return {m_reply->str, m_reply->len}; }
std::size_t RedisValue::size() const { return is_array() ? m_reply->elements : 0; }
RedisValue RedisValue::at(std::size_t index) const { return RedisValue(m_reply->element[index]); }

RedisReply::RedisReply(redisReply* reply) : m_reply(reply) {}
void RedisReply::Free::operator()(redisReply* reply) const { freeReplyObject(reply); }
void RedisConnection::Free::operator()(redisContext* context) const { redisFree(context); }

RedisConnection::RedisConnection(std::unique_ptr<redisContext, Free> context, RedisEndpoint endpoint,
                                 RedisTimeouts timeouts)
    : m_context(std::move(context)), m_endpoint(std::move(endpoint)), m_timeouts(timeouts) {}
RedisConnection::RedisConnection(RedisConnection&&) noexcept = default;
RedisConnection& RedisConnection::operator=(RedisConnection&&) noexcept = default;
RedisConnection::~RedisConnection() = default;

Result<RedisConnection> RedisConnection::connect(const RedisEndpoint& endpoint, const RedisTimeouts& timeouts) {
  const timeval connect_timeout = to_timeval(timeouts.connect);
  std::unique_ptr<redisContext, Free> context(
      endpoint.transport == RedisEndpoint::Transport::unix_socket
          ? redisConnectUnixWithTimeout(endpoint.socket_path.c_str(), connect_timeout)
          : redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port, connect_timeout));
  if (!context) return redis_error(ExitCode::temporary, "redis_unreachable", "cannot allocate a Redis context");
  if (context->err != 0) {
    return redis_error(ExitCode::temporary, "redis_unreachable",
                       fmt::format("cannot connect to Redis at {}: {}", endpoint.display(), context->errstr));
  }
  if (redisSetTimeout(context.get(), to_timeval(timeouts.command)) != REDIS_OK) {
    return redis_error(ExitCode::temporary, "redis_unreachable", "cannot set the Redis command timeout");
  }
  RedisConnection connection(std::move(context), endpoint, timeouts);
  if (auto authenticated = connection.authenticate(); !authenticated) return authenticated.error();
  if (auto selected = connection.select_database(); !selected) return selected.error();
  return connection;
}

Result<RedisConnection> RedisConnection::from_environment(const EnvironmentLookup& environment,
                                                          const RedisTimeouts& timeouts) {
  auto endpoint = parse_redis_url(environment("REDIS_URL").value_or(std::string(k_default_redis_url)));
  if (!endpoint) return endpoint.error();
  auto connection = connect(endpoint.value(), timeouts);
  // The two errors that REDIS_URL itself must fix: name it as the field.
  if (!connection &&
      (connection.error().code == "redis_no_such_database" || connection.error().code == "redis_auth_required")) {
    JobError error = connection.error();
    error.field = "env:REDIS_URL";
    return error;
  }
  return connection;
}

Status RedisConnection::select_database() {
  // Without a password, SELECT is the first command even for database 0: a Redis that
  // requires a password says so here (NOAUTH), not in the caller's first command.
  if (m_endpoint.database == 0 && m_endpoint.password) return Done{};
  const std::string database = std::to_string(m_endpoint.database);
  auto selected = command({"SELECT", database});
  if (!selected) return classify_setup_error(selected.error(), m_endpoint);
  return Done{};
}

Status RedisConnection::authenticate() {
  if (!m_endpoint.password) return Done{};
  auto reply = m_endpoint.username ? command({"AUTH", *m_endpoint.username, *m_endpoint.password})
                                   : command({"AUTH", *m_endpoint.password});
  if (reply) return Done{};
  if (reply.error().code != "redis_error") return reply.error();
  // WRONGPASS, or "ERR AUTH <password> called without any password configured".
  return redis_error(ExitCode::unavailable, "redis_auth_failed",
                     fmt::format("Redis at {} refused the credentials: {}", m_endpoint.display(),
                                 reply.error().message));
}

Result<RedisReply> RedisConnection::command(std::initializer_list<std::string_view> arguments) {
  return command(std::vector<std::string_view>(arguments));
}

Result<RedisReply> RedisConnection::command(const std::vector<std::string_view>& arguments) {
  if (broken()) {
    return redis_error(ExitCode::temporary, "redis_connection_lost",
                       fmt::format("the connection to Redis at {} is broken", m_endpoint.display()));
  }
  std::vector<const char*> pointers;
  std::vector<std::size_t> lengths;
  pointers.reserve(arguments.size());
  lengths.reserve(arguments.size());
  for (const auto argument : arguments) {
    pointers.push_back(argument.data());
    lengths.push_back(argument.size());
  }
  auto* raw = static_cast<redisReply*>(
      redisCommandArgv(m_context.get(), static_cast<int>(arguments.size()), pointers.data(), lengths.data()));
  if (raw == nullptr) {
    // hiredis 0.14 reports a read timeout as an I/O error with EAGAIN.
    const bool timed_out = m_context->err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK);
    return redis_error(ExitCode::temporary, timed_out ? "redis_timeout" : "redis_connection_lost",
                       timed_out ? fmt::format("Redis at {} did not answer within {} ms", m_endpoint.display(),
                                               m_timeouts.command.count())
                                 : fmt::format("lost the connection to Redis at {}: {}", m_endpoint.display(),
                                               m_context->errstr));
  }
  RedisReply reply(raw);
  if (raw->type == REDIS_REPLY_ERROR) {
    return redis_error(ExitCode::internal, "redis_error", std::string(raw->str, raw->len));
  }
  return reply;
}

Status RedisConnection::set_command_timeout(std::chrono::milliseconds timeout) {
  if (redisSetTimeout(m_context.get(), to_timeval(timeout)) != REDIS_OK) {
    return redis_error(ExitCode::temporary, "redis_connection_lost", "cannot change the Redis command timeout");
  }
  m_timeouts.command = timeout;
  return Done{};
}

bool RedisConnection::broken() const { return !m_context || m_context->err != 0; }

RedisConnection::Interrupter RedisConnection::interrupter() const {
  return Interrupter(m_context ? m_context->fd : -1);
}

void RedisConnection::Interrupter::interrupt() const {
  if (m_socket >= 0) ::shutdown(m_socket, SHUT_RDWR);
}

}  // namespace jobkit
