// The calc-rankings job, read from JSON into typed fields and checked before any query runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "jobkit/job_error.hpp"
#include "jobkit/notify_settings.hpp"

namespace calc_rankings {

// all: every category; groups: the categories named by category and/or region; changed: the
// categories of contractors whose reviews or bookings changed after a watermark.
enum class ScopeKind { all, groups, changed };

struct Scope {
  ScopeKind kind = ScopeKind::all;
  std::string category;              // slug, groups only; empty = any
  std::string region;                // slug, groups only; empty = any
  std::optional<std::string> since;  // changed only: RFC 3339; absent = the stored watermark
};

// The formula's knobs (the man page gives the formula); the defaults are the research note's.
struct Parameters {
  double prior_weight = 10;         // m: pseudo-reviews at the category's mean
  double half_life_days = 365;      // a review's weight halves every half_life_days
  double min_decay_weight = 0.1;    // floor of the age factor, so that old reviews still count a little
  double verified_weight = 1.0;     // factor of a verified review
  double unverified_weight = 0.5;   // factor of an unverified one
  double quality_weight = 0.75;     // the three signal weights sum to 1
  double completion_weight = 0.15;
  double response_weight = 0.10;
  double completion_prior = 0.9;    // rates are smoothed toward these with rate_prior_weight pseudo-bookings
  double response_prior = 0.8;
  double rate_prior_weight = 5;
  double response_target_hours = 24;  // a booking answered within this counts as answered in time
  std::int64_t min_reviews = 3;       // fewer counted reviews: listed as unranked
};

struct Publish {
  bool redis = true;
  bool postgres = true;
  std::string key_prefix = "rankings";
};

using Notify = jobkit::NotifySettings;

struct RankingJob {
  std::string as_of;             // RFC 3339 as given, or now (UTC, seconds) when absent
  std::int64_t as_of_epoch = 0;  // seconds since the epoch
  Scope scope;
  Parameters parameters;
  Publish publish;
  std::int64_t top = 10;              // top N of each changed group in the result
  std::int64_t move_threshold = 5;    // |new rank - old rank| at least this is reported as moved
  std::int64_t overlap_seconds = 300; // the stored watermark lags the read snapshot by this much
  std::optional<std::string> reviews_file;  // NDJSON review rows under STORAGE_DIR instead of the reviews table
  double prior_tolerance = 0.005;     // stars an incremental run lets a category's prior drift before ranking it whole
  std::optional<Notify> notify;
};

// Errors: invalid_data (65) naming every bad field's JSON Pointer.
jobkit::Result<RankingJob> read_job(const nlohmann::json& job, std::int64_t now_epoch);

// The parameters as the result echoes them and contractor_rankings.parameters stores them.
nlohmann::json parameters_json(const RankingJob& job);

// The formula's parameters without as_of, as text: an incremental run keeps a published
// prior only when it was computed with the same formula.
std::string formula_key(const RankingJob& job);

}  // namespace calc_rankings
