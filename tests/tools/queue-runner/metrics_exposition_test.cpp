// The text /metrics serves: Prometheus's exposition format, with exact values and labels.
#include <doctest/doctest.h>

#include <string>

#include "metrics/prometheus_text.hpp"
#include "metrics/runner_metrics.hpp"

namespace {

using queue_runner::JobOutcome;
using queue_runner::ToolEnd;
using queue_runner::ToolOutcome;
using queue_runner::metrics::Histogram;
using queue_runner::metrics::PrometheusText;
using queue_runner::metrics::RunnerMetrics;

bool has_line(const std::string& text, const std::string& line) { return text.find("\n" + line + "\n") != std::string::npos || text.rfind(line + "\n", 0) == 0; }

ToolOutcome exited(int code, double seconds) {
  ToolOutcome outcome;
  outcome.end = ToolEnd::exited;
  outcome.exit_code = code;
  outcome.run_time = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(seconds));
  outcome.usage = queue_runner::ResourceUsage{0.2, 40LL << 20};
  return outcome;
}

}  // namespace

TEST_CASE("label values escape backslash quote and newline") {
  CHECK(queue_runner::metrics::escape_label_value("a\\b\"c\nd") == "a\\\\b\\\"c\\nd");
}

TEST_CASE("sample values are written as Prometheus parses them") {
  using queue_runner::metrics::format_sample_value;
  CHECK(format_sample_value(3) == "3");
  CHECK(format_sample_value(0.25) == "0.25");
  CHECK(format_sample_value(1.0 / 0.0) == "+Inf");
}

TEST_CASE("a histogram has cumulative buckets then sum and count") {
  const std::vector<double> bounds = {1, 5};
  Histogram histogram(&bounds);
  histogram.observe(0.5);
  histogram.observe(3);
  histogram.observe(7);
  PrometheusText out;
  out.histogram("x_seconds", {{"queue", "q"}}, histogram);
  CHECK(out.text() ==
        "x_seconds_bucket{queue=\"q\",le=\"1\"} 1\n"
        "x_seconds_bucket{queue=\"q\",le=\"5\"} 2\n"
        "x_seconds_bucket{queue=\"q\",le=\"+Inf\"} 3\n"
        "x_seconds_sum{queue=\"q\"} 10.5\n"
        "x_seconds_count{queue=\"q\"} 3\n");
}

TEST_CASE("job outcomes are counted by queue outcome and exit class") {
  RunnerMetrics metrics;
  metrics.add_slots("mail", 4);
  metrics.job_ended("mail", JobOutcome::completed, exited(0, 0.3));
  metrics.job_ended("mail", JobOutcome::completed, exited(0, 0.3));
  metrics.job_ended("mail", JobOutcome::retried, exited(75, 0.1));
  ToolOutcome timed_out = exited(-1, 2);
  timed_out.end = ToolEnd::timed_out;
  metrics.job_ended("mail", JobOutcome::failed, timed_out);
  metrics.dead_letter_written("mail");
  metrics.job_ended("mail", JobOutcome::failed, ToolOutcome{});  // the runner could not process it
  const std::string text = metrics.exposition();
  CHECK(has_line(text, "queue_runner_jobs_total{queue=\"mail\",outcome=\"completed\",exit_class=\"ok\"} 2"));
  CHECK(has_line(text, "queue_runner_jobs_total{queue=\"mail\",outcome=\"retried\",exit_class=\"temporary\"} 1"));
  CHECK(has_line(text, "queue_runner_jobs_total{queue=\"mail\",outcome=\"failed\",exit_class=\"timeout\"} 1"));
  CHECK(has_line(text, "queue_runner_jobs_total{queue=\"mail\",outcome=\"failed\",exit_class=\"not_started\"} 1"));
  CHECK(has_line(text, "queue_runner_dead_letters_total{queue=\"mail\"} 1"));
  CHECK(has_line(text, "queue_runner_slots{queue=\"mail\"} 4"));
  // A job that never started is not timed.
  CHECK(has_line(text, "queue_runner_job_duration_seconds_count{queue=\"mail\"} 4"));
  CHECK(has_line(text, "queue_runner_job_duration_seconds_bucket{queue=\"mail\",le=\"0.25\"} 1"));
  CHECK(has_line(text, "queue_runner_job_peak_rss_bytes_bucket{queue=\"mail\",le=\"67108864\"} 4"));
  CHECK(has_line(text, "queue_runner_job_peak_rss_bytes_bucket{queue=\"mail\",le=\"33554432\"} 0"));
  CHECK(has_line(text, "# TYPE queue_runner_jobs_total counter"));
}

TEST_CASE("a failed depth reading keeps the last counts and marks Redis down") {
  RunnerMetrics metrics;
  queue_runner::metrics::DepthReading reading;
  reading.redis_up = true;
  reading.queues.push_back({"mail", {{"wait", 7}, {"active", 2}}, 12.5});
  metrics.store_depths(reading);
  CHECK(metrics.redis_up());
  metrics.store_depths({});
  CHECK_FALSE(metrics.redis_up());
  const std::string text = metrics.exposition();
  CHECK(has_line(text, "queue_runner_redis_up 0"));
  CHECK(has_line(text, "queue_runner_queue_jobs{queue=\"mail\",state=\"wait\"} 7"));
  CHECK(has_line(text, "queue_runner_queue_oldest_waiting_seconds{queue=\"mail\"} 12.5"));
}

TEST_CASE("a scheduler iteration's due time comes from its id and its lag is reported") {
  using queue_runner::metrics::scheduled_run_ms;
  CHECK(scheduled_run_ms("repeat:nightly:1764633600000") == 1764633600000);
  CHECK_FALSE(scheduled_run_ms("42"));
  CHECK_FALSE(scheduled_run_ms("repeat:nightly:"));
  CHECK_FALSE(scheduled_run_ms("repeat:nightly:12x"));
  RunnerMetrics metrics;
  CHECK(metrics.exposition().find("queue_runner_scheduler_lag_seconds{") == std::string::npos);
  metrics.scheduled_job_started("maintenance", 1.5);
  CHECK(has_line(metrics.exposition(), "queue_runner_scheduler_lag_seconds{queue=\"maintenance\"} 1.5"));
}
