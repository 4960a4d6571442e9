// Writing Prometheus's text exposition format: metric families with HELP and TYPE lines,
// label values escaped, numbers as Prometheus parses them, and histograms with cumulative
// buckets, _sum and _count.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace queue_runner::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

// Cumulative bucket counts for fixed upper bounds, plus the sum and count of observations.
struct Histogram {
  explicit Histogram(const std::vector<double>* bounds = nullptr);
  void observe(double value);

  const std::vector<double>* bounds;
  std::vector<std::uint64_t> buckets;  // per bound, not cumulative; +Inf is `count`
  double sum = 0;
  std::uint64_t count = 0;
};

class PrometheusText {
 public:
  // Starts a family: its HELP and TYPE ("counter", "gauge", "histogram").
  void family(const std::string& name, const std::string& type, const std::string& help);
  void sample(const std::string& name, const Labels& labels, double value);
  void histogram(const std::string& name, const Labels& labels, const Histogram& histogram);
  const std::string& text() const { return m_text; }

 private:
  std::string m_text;
};

// A label value with \, " and newlines escaped as the format requires.
std::string escape_label_value(const std::string& value);

// A sample value: integers without a fraction, +Inf/-Inf/NaN spelled as Prometheus reads them.
std::string format_sample_value(double value);

}  // namespace queue_runner::metrics
