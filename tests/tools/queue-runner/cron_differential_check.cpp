// Checks jobkit_cron against cron-parser's own answers: reads one case per line on stdin,
// {"pattern","tz","start","startDate"?,"endDate"?,"error"? | "next": [ms or {"error"}...]},
// as tests/interop/cron-differential.test.mjs writes them from the real cron-parser, and
// prints every case whose parse error or next instants differ. Exit 1 when any differ.
#include <cstdint>
#include <iostream>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "cron_pattern.hpp"
#include "cron_schedule.hpp"
#include "time_zone.hpp"

namespace {

using jobkit::cron::TimeZone;

nlohmann::json compute(const nlohmann::json& c, std::map<std::string, TimeZone>& zones) {
  nlohmann::json result = nlohmann::json::object();
  auto pattern = jobkit::cron::parse_cron_pattern(c.at("pattern").get<std::string>());
  if (!pattern) {
    result["error"] = pattern.error().message;
    return result;
  }
  const std::string tz = c.at("tz").get<std::string>();
  if (!zones.contains(tz)) zones.emplace(tz, TimeZone::load(tz).value_or_throw());
  jobkit::cron::ScheduleOptions options;
  options.current_ms = c.at("start").get<std::int64_t>();
  if (c.contains("startDate")) options.start_ms = c["startDate"].get<std::int64_t>();
  if (c.contains("endDate")) options.end_ms = c["endDate"].get<std::int64_t>();
  jobkit::cron::CronSchedule schedule(std::move(pattern.value()), zones.at(tz), options);
  result["next"] = nlohmann::json::array();
  for (std::size_t i = 0; i < c.at("next").size(); ++i) {
    auto next = schedule.next();
    if (!next) {
      result["next"].push_back({{"error", next.error().message}});
      break;
    }
    result["next"].push_back(next.value());
  }
  return result;
}

}  // namespace

int main() {
  std::map<std::string, TimeZone> zones;
  std::size_t cases = 0;
  std::size_t differing = 0;
  for (std::string line; std::getline(std::cin, line);) {
    if (line.empty()) continue;
    const auto c = nlohmann::json::parse(line);
    ++cases;
    nlohmann::json expected = nlohmann::json::object();
    if (c.contains("error")) expected["error"] = c["error"];
    else expected["next"] = c["next"];
    const nlohmann::json actual = compute(c, zones);
    if (actual != expected) {
      ++differing;
      if (differing <= 20) {
        std::cout << nlohmann::json{{"case", c}, {"got", actual}}.dump() << "\n";
      }
    }
  }
  std::cout << "cases " << cases << " differing " << differing << "\n";
  return differing == 0 && cases > 0 ? 0 : 1;
}
