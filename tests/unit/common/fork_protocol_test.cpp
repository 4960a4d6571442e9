#include "jobkit/fork_protocol.hpp"

#include <doctest/doctest.h>

using jobkit::decode_fork_request;
using jobkit::encode_fork_request;
using jobkit::ForkRequest;

namespace {

ForkRequest sample() {
  return {{"/usr/bin/render-pdf", "--log-format", "json", ""},
          {"STORAGE_DIR=/srv/storage", "JOB_ID=42", "EMPTY="},
          {512, 30}};
}

}  // namespace

TEST_CASE("fork_protocol: a request comes back as it was sent") {
  const auto decoded = decode_fork_request(encode_fork_request(sample()));
  REQUIRE(decoded);
  CHECK(decoded->argv == sample().argv);
  CHECK(decoded->environment == sample().environment);
  CHECK(decoded->limits.memory_mb == 512);
  CHECK(decoded->limits.cpu_seconds == 30);
}

TEST_CASE("fork_protocol: an empty environment is allowed - an empty argv is not") {
  ForkRequest request = sample();
  request.environment.clear();
  const auto decoded = decode_fork_request(encode_fork_request(request));
  REQUIRE(decoded);
  CHECK(decoded->environment.empty());
  CHECK(decoded->argv.size() == 4);
  request.argv.clear();
  CHECK_FALSE(decode_fork_request(encode_fork_request(request)));
}

TEST_CASE("fork_protocol: a string is cut at a NUL byte as execve would see it") {
  ForkRequest request = sample();
  request.environment = {std::string("A=b\0c", 5)};
  const auto decoded = decode_fork_request(encode_fork_request(request));
  REQUIRE(decoded);
  CHECK(decoded->environment == std::vector<std::string>{"A=b"});
}

TEST_CASE("fork_protocol: cut short - padded - or foreign bytes are refused") {
  const std::string whole = encode_fork_request(sample());
  for (std::size_t length = 0; length < whole.size(); ++length) {
    CAPTURE(length);
    CHECK_FALSE(decode_fork_request(std::string_view(whole).substr(0, length)));
  }
  CHECK_FALSE(decode_fork_request(whole + "extra"));
  CHECK_FALSE(decode_fork_request(whole + std::string("extra\0", 6)));
  std::string foreign = whole;
  foreign[0] = 'X';
  CHECK_FALSE(decode_fork_request(foreign));
  CHECK_FALSE(decode_fork_request("GET / HTTP/1.1\r\n\r\n"));
}

TEST_CASE("fork_protocol: counts larger than the strings present are refused") {
  std::string bytes = encode_fork_request(sample());
  bytes[4 + 16] = static_cast<char>(0xff);  // argc's low byte: 255 strings announced
  CHECK_FALSE(decode_fork_request(bytes));
}
