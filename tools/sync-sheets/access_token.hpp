// OAuth 2.0 for a service account: a JWT signed RS256 with the account's key, exchanged at
// the token endpoint for an access token, which is cached in Redis until five minutes
// before it expires, keyed by account, scope and endpoint: a thousand jobs an hour make one
// token request, not a thousand. Neither the key nor a token is ever logged or returned.
#pragma once

#include <cstdint>
#include <string>

#include "google_endpoints.hpp"
#include "jobkit/http_client.hpp"
#include "jobkit/redis_connection.hpp"
#include "service_account.hpp"

namespace sync_sheets {

// The signed assertion: header {alg RS256, typ JWT, kid}, claims iss, scope, aud (the key
// file's token_uri), iat (now minus a little clock skew) and exp (iat + 3600).
std::string make_assertion(const ServiceAccount& account, const std::string& scope, std::int64_t now_epoch);

class AccessTokens {
 public:
  AccessTokens(const ServiceAccount& account, const GoogleEndpoints& endpoints, jobkit::HttpClient& http,
               jobkit::RedisConnection& redis);

  // The cached token, or a new one. Errors: forbidden (77) when the endpoint refuses the
  // assertion (a revoked key, a deleted account), temporary (75) for 429, 5xx and network
  // errors, Redis' own.
  jobkit::Result<std::string> token();
  // Drops the cached token (after the API refused it with 401).
  jobkit::Status forget();

 private:
  jobkit::Result<std::string> exchange();
  std::string cache_key() const;

  const ServiceAccount& m_account;
  const GoogleEndpoints& m_endpoints;
  jobkit::HttpClient& m_http;
  jobkit::RedisConnection& m_redis;
};

}  // namespace sync_sheets
