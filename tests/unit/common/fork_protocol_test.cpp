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

TEST_CASE("fork_protocol: a process's end comes back as it was sent") {
  const jobkit::ForkEnd end{.wait_status = 65 << 8, .cpu_microseconds = 1234567, .peak_rss_bytes = 70 << 20};
  const std::string bytes = jobkit::encode_fork_end(end);
  CHECK(bytes.size() == jobkit::k_fork_end_bytes);
  const auto decoded = jobkit::decode_fork_end(bytes);
  REQUIRE(decoded);
  CHECK(decoded->wait_status == end.wait_status);
  CHECK(decoded->cpu_microseconds == end.cpu_microseconds);
  CHECK(decoded->peak_rss_bytes == end.peak_rss_bytes);
}

TEST_CASE("fork_protocol: wait4's rusage becomes microseconds of CPU and bytes of peak RSS") {
  struct rusage usage {};
  usage.ru_utime = {1, 500000};
  usage.ru_stime = {0, 250};
  usage.ru_maxrss = 2048;  // KiB
  const auto end = jobkit::fork_end_of(9, usage);
  CHECK(end.wait_status == 9);
  CHECK(end.cpu_microseconds == 1500250);
  CHECK(end.peak_rss_bytes == 2048 * 1024);
}

TEST_CASE("fork_protocol: a cut short - padded - foreign or impossible end report is refused") {
  const std::string whole = jobkit::encode_fork_end({.wait_status = 0, .cpu_microseconds = 1, .peak_rss_bytes = 1});
  for (std::size_t length = 0; length < whole.size(); ++length) {
    CAPTURE(length);
    CHECK_FALSE(jobkit::decode_fork_end(std::string_view(whole).substr(0, length)));
  }
  CHECK_FALSE(jobkit::decode_fork_end(whole + "x"));
  std::string foreign = whole;
  foreign[0] = 'X';
  CHECK_FALSE(jobkit::decode_fork_end(foreign));
  // The version 1 protocol's bare wait status.
  CHECK_FALSE(jobkit::decode_fork_end(std::string(4, '\0')));
  CHECK_FALSE(jobkit::decode_fork_end(jobkit::encode_fork_end({.wait_status = 0, .cpu_microseconds = -1, .peak_rss_bytes = 0})));
  CHECK_FALSE(jobkit::decode_fork_end(jobkit::encode_fork_end({.wait_status = 0x137f, .cpu_microseconds = 0, .peak_rss_bytes = 0})));  // stopped, not ended
}
