// The listen address is "host:port" with a numeric IPv4 address or a host name; an IPv6
// address is written in brackets, "[::1]:9464".
#include "metrics/metrics_config.hpp"

#include <charconv>

#include "bullmq/keys.hpp"

namespace queue_runner::metrics {
namespace {

bool split_listen_address(const std::string& text, std::string& host, int& port) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return false;
  host = text.substr(0, colon);
  if (host.front() == '[') {
    if (host.back() != ']' || host.size() < 3) return false;
    host = host.substr(1, host.size() - 2);
  }
  const char* first = text.data() + colon + 1;
  const char* last = text.data() + text.size();
  const auto [end, error] = std::from_chars(first, last, port);
  return error == std::errc{} && end == last && port >= 0 && port <= 65535;
}

}  // namespace

MetricsConfig read_metrics_config(const jobkit::JsonField& field) {
  MetricsConfig config;
  if (!field.present()) return config;
  auto object = field.as_object();
  // Without "listen" the section only tunes the collector, which the alerts use too.
  const auto listen = object.optional("listen");
  const std::string address = listen.as_string({.min_length = 1, .max_length = 300});
  if (listen.present() && !address.empty()) {
    if (split_listen_address(address, config.host, config.port)) config.enabled = true;
    else listen.reject("must be HOST:PORT, such as 127.0.0.1:9464");
  }
  config.collect_interval_ms = object.optional("collect_interval_ms").integer_or(config.collect_interval_ms, {100, 3600000});
  for (const auto& queue : object.optional("queues").as_array(1000)) {
    const std::string name = queue.as_string({.min_length = 1, .max_length = 200});
    if (!bullmq::is_valid_queue_name(name)) queue.reject("a queue name must be non-empty and hold no ':'");
    config.extra_queues.push_back(name);
  }
  return config;
}

}  // namespace queue_runner::metrics
