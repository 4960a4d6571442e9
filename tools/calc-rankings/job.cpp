#include "job.hpp"

#include <cmath>

#include "jobkit/json_fields.hpp"
#include "timestamp.hpp"

namespace calc_rankings {
namespace {

using jobkit::JsonField;
using jobkit::JsonObject;

double number_or(JsonObject& object, std::string_view key, double fallback, jobkit::Range<double> range) {
  JsonField field = object.optional(key);
  return field.present() ? field.as_number(range) : fallback;
}

// An RFC 3339 date-time of 1970 or later (before it there was no review to rank, and
// PostgreSQL has no year 0: refused at the field rather than coming back as a query error).
std::optional<std::int64_t> read_date_time(const JsonField& field, const std::string& text) {
  const auto parsed = parse_rfc3339(text);
  if (parsed && *parsed >= 0) return parsed;
  if (parsed) field.reject("must be 1970-01-01T00:00:00Z or later");
  else if (field.json().is_string()) field.reject("expected an RFC 3339 date-time such as 2026-11-28T00:00:00Z");
  return std::nullopt;
}

Scope read_scope(JsonObject& root) {
  Scope scope;
  JsonField kind = root.optional("scope");
  const std::string name = kind.string_or("all");
  JsonField category = root.optional("category");
  JsonField region = root.optional("region");
  JsonField since = root.optional("since");
  if (name == "all") {
    scope.kind = ScopeKind::all;
  } else if (name == "group") {
    scope.kind = ScopeKind::groups;
    scope.category = category.string_or("", {.min_length = 1, .max_length = 200});
    scope.region = region.string_or("", {.min_length = 1, .max_length = 200});
    if (!category.present() && !region.present()) kind.reject("\"group\" needs a category, a region or both");
  } else if (name == "changed") {
    scope.kind = ScopeKind::changed;
    if (since.present()) {
      scope.since = since.as_string();
      read_date_time(since, *scope.since);
    }
  } else if (kind.present()) {
    kind.reject("expected \"all\", \"group\" or \"changed\"");
  }
  if (scope.kind != ScopeKind::groups) {
    if (category.present()) category.reject("only with \"scope\": \"group\"");
    if (region.present()) region.reject("only with \"scope\": \"group\"");
  }
  if (scope.kind != ScopeKind::changed && since.present()) since.reject("only with \"scope\": \"changed\"");
  return scope;
}

Parameters read_parameters(JsonField field) {
  Parameters p;
  if (!field.present()) return p;
  JsonObject object = field.as_object();
  const jobkit::Range<double> positive{.min = 1e-9, .max = 1e9};
  const jobkit::Range<double> non_negative{.min = 0, .max = 1e9};
  const jobkit::Range<double> unit{.min = 0, .max = 1};
  p.prior_weight = number_or(object, "prior_weight", p.prior_weight, non_negative);
  p.half_life_days = number_or(object, "half_life_days", p.half_life_days, positive);
  p.min_decay_weight = number_or(object, "min_decay_weight", p.min_decay_weight, unit);
  p.verified_weight = number_or(object, "verified_weight", p.verified_weight, non_negative);
  p.unverified_weight = number_or(object, "unverified_weight", p.unverified_weight, non_negative);
  p.completion_prior = number_or(object, "completion_prior", p.completion_prior, unit);
  p.response_prior = number_or(object, "response_prior", p.response_prior, unit);
  p.rate_prior_weight = number_or(object, "rate_prior_weight", p.rate_prior_weight, non_negative);
  p.response_target_hours = number_or(object, "response_target_hours", p.response_target_hours, positive);
  p.min_reviews = object.optional("min_reviews").integer_or(p.min_reviews, {.min = 1, .max = 1000000});
  JsonField weights = object.optional("signal_weights");
  if (weights.present()) {
    JsonObject signals = weights.as_object();
    p.quality_weight = number_or(signals, "quality", p.quality_weight, unit);
    p.completion_weight = number_or(signals, "completion", p.completion_weight, unit);
    p.response_weight = number_or(signals, "response", p.response_weight, unit);
    if (std::fabs(p.quality_weight + p.completion_weight + p.response_weight - 1.0) > 1e-9) {
      weights.reject("quality, completion and response must sum to 1");
    }
  }
  return p;
}

Publish read_publish(JsonField field) {
  Publish publish;
  if (!field.present()) return publish;
  JsonObject object = field.as_object();
  publish.redis = object.optional("redis").bool_or(true);
  publish.postgres = object.optional("postgres").bool_or(true);
  JsonField prefix = object.optional("key_prefix");
  publish.key_prefix = prefix.string_or(publish.key_prefix, {.min_length = 1, .max_length = 200});
  if (publish.key_prefix.find_first_of(" \r\n\t") != std::string::npos) prefix.reject("must not contain white space");
  if (!publish.redis && !publish.postgres) field.reject("at least one of redis and postgres must stay on");
  return publish;
}

}  // namespace

jobkit::Result<RankingJob> read_job(const nlohmann::json& document, std::int64_t now_epoch) {
  return jobkit::read_fields<RankingJob>(document, [now_epoch](JsonObject& root) {
    RankingJob job;
    JsonField as_of = root.optional("as_of");
    if (as_of.present()) {
      job.as_of = as_of.as_string({.min_length = 1, .max_length = 64});
      if (const auto parsed = read_date_time(as_of, job.as_of)) job.as_of_epoch = *parsed;
    } else {
      job.as_of_epoch = now_epoch;
      job.as_of = format_rfc3339(now_epoch);
    }
    job.scope = read_scope(root);
    job.parameters = read_parameters(root.optional("parameters"));
    job.publish = read_publish(root.optional("publish"));
    job.top = root.optional("top").integer_or(job.top, {.min = 0, .max = 1000});
    job.move_threshold = root.optional("move_threshold").integer_or(job.move_threshold, {.min = 1, .max = 100000000});
    job.overlap_seconds = root.optional("overlap_seconds").integer_or(job.overlap_seconds, {.min = 0, .max = 86400});
    JsonField reviews_file = root.optional("reviews_file");
    if (reviews_file.present()) {
      job.reviews_file = reviews_file.as_string({.min_length = 1, .max_length = 4096});
      // A file has no change times: it can feed a whole ranking only.
      if (job.scope.kind == ScopeKind::changed) reviews_file.reject("not with \"scope\": \"changed\"");
    }
    job.prior_tolerance = number_or(root, "prior_tolerance", job.prior_tolerance, {.min = 0, .max = 4});
    job.notify = jobkit::read_notify_settings(root.optional("notify"));
    return job;
  });
}

nlohmann::json parameters_json(const RankingJob& job) {
  const Parameters& p = job.parameters;
  return {{"as_of", job.as_of},
          {"prior_weight", p.prior_weight},
          {"prior_mean", "category"},
          {"half_life_days", p.half_life_days},
          {"min_decay_weight", p.min_decay_weight},
          {"verified_weight", p.verified_weight},
          {"unverified_weight", p.unverified_weight},
          {"signal_weights", {{"quality", p.quality_weight}, {"completion", p.completion_weight}, {"response", p.response_weight}}},
          {"completion_prior", p.completion_prior},
          {"response_prior", p.response_prior},
          {"rate_prior_weight", p.rate_prior_weight},
          {"response_target_hours", p.response_target_hours},
          {"min_reviews", p.min_reviews}};
}

std::string formula_key(const RankingJob& job) {
  nlohmann::json parameters = parameters_json(job);
  parameters.erase("as_of");
  return parameters.dump();
}

}  // namespace calc_rankings
