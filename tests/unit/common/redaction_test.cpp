#include <doctest/doctest.h>

#include "jobkit/redaction.hpp"

using jobkit::redact_secrets;
using jobkit::redact_url;

TEST_CASE("redact_url hides the password and keeps the rest") {
  CHECK(redact_url("redis://jobkit:s3cret@127.0.0.1:6379/0") == "redis://jobkit:***@127.0.0.1:6379/0");
  CHECK(redact_url("smtp://user:p%40ss@mail:25") == "smtp://user:***@mail:25");
  CHECK(redact_url("redis://:only@host") == "redis://:***@host");
  CHECK(redact_url("redis://host:6379") == "redis://host:6379");
  CHECK(redact_url("https://user@host/path") == "https://user@host/path");
  CHECK(redact_url("redis://u:p@ss@host/1") == "redis://u:***@host/1");
}

TEST_CASE("redact_header_value hides credentials by header name") {
  CHECK(jobkit::redact_header_value("Authorization", "Bearer abc") == "***");
  CHECK(jobkit::redact_header_value("cookie", "sid=1") == "***");
  CHECK(jobkit::redact_header_value("X-Auth-Token", "t") == "***");
  CHECK(jobkit::redact_header_value("X-Api-Key", "k") == "***");
  CHECK(jobkit::redact_header_value("Content-Type", "text/plain") == "text/plain");
}

TEST_CASE("redact_secrets cleans free text") {
  CHECK(redact_secrets("connecting to redis://a:pw@h:1 now") == "connecting to redis://a:***@h:1 now");
  CHECK(redact_secrets("Authorization: Bearer eyJhbGciOi.x.y") == "Authorization: *** ***");
  CHECK(redact_secrets("GET /cb?access_token=abc123&x=1") == "GET /cb?access_token=***&x=1");
  CHECK(redact_secrets(R"({"password": "hunter2","user":"a"})") == R"({"password": "***","user":"a"})");
  CHECK(redact_secrets("token=abc secret=def api_key=ghi") == "token=*** secret=*** api_key=***");
  CHECK(redact_secrets("nothing to hide here") == "nothing to hide here");
}
