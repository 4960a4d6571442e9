// The exposition format is line based: one sample per line, labels in braces.
#include "metrics/prometheus_text.hpp"

#include <cmath>

#include <fmt/format.h>

namespace queue_runner::metrics {
namespace {

std::string labels_text(const Labels& labels) {
  if (labels.empty()) return {};
  std::string text = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) text += ',';
    text += labels[i].first + "=\"" + escape_label_value(labels[i].second) + '"';
  }
  return text + '}';
}

}  // namespace

Histogram::Histogram(const std::vector<double>* bucket_bounds)
    : bounds(bucket_bounds), buckets(bucket_bounds ? bucket_bounds->size() : 0, 0) {}

void Histogram::observe(double value) {
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    if (value <= (*bounds)[i]) {
      ++buckets[i];
      break;
    }
  }
  sum += value;
  ++count;
}

std::string escape_label_value(const std::string& value) {
  std::string escaped;
  escaped.reserve(value.size());
  for (const char c : value) {
    if (c == '\\') escaped += "\\\\";
    else if (c == '"') escaped += "\\\"";
    else if (c == '\n') escaped += "\\n";
    else escaped += c;
  }
  return escaped;
}

std::string format_sample_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::floor(value) && std::fabs(value) < 1e15) return fmt::format("{}", static_cast<long long>(value));
  return fmt::format("{}", value);
}

void PrometheusText::family(const std::string& name, const std::string& type, const std::string& help) {
  m_text += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

void PrometheusText::sample(const std::string& name, const Labels& labels, double value) {
  m_text += name + labels_text(labels) + ' ' + format_sample_value(value) + '\n';
}

void PrometheusText::histogram(const std::string& name, const Labels& labels, const Histogram& histogram) {
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < histogram.buckets.size(); ++i) {
    cumulative += histogram.buckets[i];
    Labels with_bound = labels;
    with_bound.emplace_back("le", format_sample_value((*histogram.bounds)[i]));
    sample(name + "_bucket", with_bound, static_cast<double>(cumulative));
  }
  Labels infinite = labels;
  infinite.emplace_back("le", "+Inf");
  sample(name + "_bucket", infinite, static_cast<double>(histogram.count));
  sample(name + "_sum", labels, histogram.sum);
  sample(name + "_count", labels, static_cast<double>(histogram.count));
}

}  // namespace queue_runner::metrics
