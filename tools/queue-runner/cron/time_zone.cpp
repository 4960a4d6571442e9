#include "time_zone.hpp"

#include "wall_clock.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iterator>

namespace jobkit::cron {
namespace {

std::string zoneinfo_dir() {
  const char* dir = std::getenv("TZDIR");
  return dir && *dir ? dir : "/usr/share/zoneinfo";
}

std::int64_t read_big_endian(const std::string& bytes, std::size_t at, int width) {
  std::uint64_t value = 0;
  for (int i = 0; i < width; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  if (width == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(value));
  return static_cast<std::int64_t>(value);
}

// A name must stay inside the zoneinfo folder and name a plain file there.
bool is_safe_zone_name(const std::string& name) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string::npos) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' || c == '+';
  });
}

struct TzifData {
  std::vector<std::int64_t> transitions;
  std::vector<int> offsets;
  int initial_offset = 0;
  std::string footer;  // the POSIX TZ string after the version 2+ data, or ""
};

// RFC 8536: a version 1 block with 32-bit times, then (version 2 and later) the same layout
// with 64-bit times, which is the one read here when present.
bool parse_tzif(const std::string& bytes, TzifData& out) {
  constexpr std::size_t header_size = 44;
  if (bytes.size() < header_size || bytes.compare(0, 4, "TZif") != 0) return false;
  auto counts_at = [&](std::size_t at, std::int64_t (&counts)[6]) {
    for (int i = 0; i < 6; ++i) counts[i] = read_big_endian(bytes, at + 20 + 4 * i, 4);
  };
  std::int64_t counts[6];  // isutcnt isstdcnt leapcnt timecnt typecnt charcnt
  counts_at(0, counts);
  auto block_size = [&](int time_width) {
    return counts[3] * time_width + counts[3] + counts[4] * 6 + counts[5] + counts[2] * (time_width + 4) +
           counts[1] + counts[0];
  };
  std::size_t at = header_size;
  int width = 4;
  if (bytes[4] >= '2') {
    at += static_cast<std::size_t>(block_size(4));
    if (bytes.size() < at + header_size) return false;
    counts_at(at, counts);
    at += header_size;
    width = 8;
  }
  if (bytes.size() < at + static_cast<std::size_t>(block_size(width)) || counts[4] < 1) return false;
  const auto time_count = static_cast<std::size_t>(counts[3]);
  const std::size_t indexes_at = at + time_count * width;
  const std::size_t types_at = indexes_at + time_count;
  auto type_offset = [&](std::size_t type) { return static_cast<int>(read_big_endian(bytes, types_at + type * 6, 4)); };
  for (std::size_t i = 0; i < time_count; ++i) {
    const auto type = static_cast<unsigned char>(bytes[indexes_at + i]);
    if (type >= counts[4]) return false;
    out.transitions.push_back(read_big_endian(bytes, at + i * width, width));
    out.offsets.push_back(type_offset(type));
  }
  out.initial_offset = type_offset(0);
  const std::size_t footer_at = at + static_cast<std::size_t>(block_size(width));
  if (width == 8 && footer_at < bytes.size() && bytes[footer_at] == '\n') {
    const std::size_t end = bytes.find('\n', footer_at + 1);
    if (end != std::string::npos) out.footer = bytes.substr(footer_at + 1, end - footer_at - 1);
  }
  return true;
}

// POSIX TZ string pieces: a zone abbreviation ("CET" or "<+0545>"), a time "[+-]hh[:mm[:ss]]".
bool skip_abbreviation(const std::string& text, std::size_t& at) {
  const std::size_t start = at;
  if (at < text.size() && text[at] == '<') {
    at = text.find('>', at);
    if (at == std::string::npos) return false;
    ++at;
    return true;
  }
  while (at < text.size() && std::isalpha(static_cast<unsigned char>(text[at]))) ++at;
  return at - start >= 3;
}

std::optional<int> read_time(const std::string& text, std::size_t& at) {
  int sign = 1;
  if (at < text.size() && (text[at] == '+' || text[at] == '-')) sign = text[at++] == '-' ? -1 : 1;
  int total = 0;
  for (int part = 0, scale = 3600; part < 3; ++part, scale /= 60) {
    if (part > 0) {
      if (at >= text.size() || text[at] != ':') break;
      ++at;
    }
    const std::size_t start = at;
    int value = 0;
    while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) value = value * 10 + (text[at++] - '0');
    if (at == start) return std::nullopt;
    total += value * scale;
  }
  return sign * total;
}

// "Mm.w.d[/time]": weekday d of week w (5 = the last) of month m. The other rule forms
// (Julian days) do not occur in current zoneinfo footers and are refused.
bool read_date_rule(const std::string& text, std::size_t& at, int& month, int& week, int& weekday, int& time) {
  if (at >= text.size() || text[at] != 'M') return false;
  ++at;
  int* parts[] = {&month, &week, &weekday};
  for (int i = 0; i < 3; ++i) {
    if (i > 0 && (at >= text.size() || text[at++] != '.')) return false;
    const std::size_t start = at;
    *parts[i] = 0;
    while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) *parts[i] = *parts[i] * 10 + (text[at++] - '0');
    if (at == start) return false;
  }
  if (month < 1 || month > 12 || week < 1 || week > 5 || weekday > 6) return false;
  if (at < text.size() && text[at] == '/') {
    ++at;
    const auto value = read_time(text, at);
    if (!value) return false;
    time = *value;
  }
  return true;
}

// The day of month of a rule's weekday in a year.
int rule_day(std::int64_t year, int month, int week, int weekday) {
  const int first = weekday_of(year, month, 1);
  int day = 1 + (weekday - first + 7) % 7 + (week - 1) * 7;
  while (day > days_in_month(year, month)) day -= 7;
  return day;
}

TimeZone load_or_utc(const std::string& name) {
  auto zone = TimeZone::load(name);
  return zone ? zone.value() : TimeZone::utc();
}

}  // namespace

jobkit::Result<TimeZone> TimeZone::load(const std::string& name) {
  const std::string lowered = [&] {
    std::string text = name;
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
  }();
  if (lowered == "utc" || lowered == "gmt" || lowered == "z") return utc();
  auto unknown = [&] {
    return jobkit::JobError::make(jobkit::ExitCode::invalid_data, "unknown time zone \"" + name + "\"");
  };
  if (!is_safe_zone_name(name)) return unknown();
  std::ifstream file(zoneinfo_dir() + "/" + name, std::ios::binary);
  if (!file) return unknown();
  const std::string bytes{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  TzifData data;
  if (!parse_tzif(bytes, data)) return unknown();
  TimeZone zone;
  zone.m_name = name;
  zone.m_transitions = std::move(data.transitions);
  zone.m_offset_after = std::move(data.offsets);
  zone.m_initial_offset = data.initial_offset;
  if (!data.footer.empty()) zone.m_rule = parse_yearly_rule(data.footer);
  return zone;
}

TimeZone TimeZone::utc() {
  TimeZone zone;
  zone.m_name = "UTC";
  return zone;
}

TimeZone TimeZone::system_default() {
  if (const char* tz = std::getenv("TZ"); tz && *tz) return load_or_utc(tz[0] == ':' ? tz + 1 : tz);
  std::ifstream file("/etc/localtime", std::ios::binary);
  if (!file) return utc();
  const std::string bytes{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  TzifData data;
  if (!parse_tzif(bytes, data)) return utc();
  TimeZone zone;
  zone.m_name = "localtime";
  zone.m_transitions = std::move(data.transitions);
  zone.m_offset_after = std::move(data.offsets);
  zone.m_initial_offset = data.initial_offset;
  if (!data.footer.empty()) zone.m_rule = parse_yearly_rule(data.footer);
  return zone;
}

int TimeZone::offset_minutes(std::int64_t epoch_ms) const {
  // Floor to whole seconds, as the zone rules are stated in seconds.
  const std::int64_t seconds = epoch_ms >= 0 ? epoch_ms / 1000 : -((-epoch_ms + 999) / 1000);
  if (m_rule && (m_transitions.empty() || seconds >= m_transitions.back())) return rule_offset(seconds) / 60;
  const auto after = std::upper_bound(m_transitions.begin(), m_transitions.end(), seconds);
  const int offset = after == m_transitions.begin() ? m_initial_offset
                                                     : m_offset_after[static_cast<std::size_t>(after - m_transitions.begin() - 1)];
  return offset / 60;
}

std::optional<TimeZone::YearlyRule> TimeZone::parse_yearly_rule(const std::string& text) {
  YearlyRule rule;
  std::size_t at = 0;
  if (!skip_abbreviation(text, at)) return std::nullopt;
  const auto standard = read_time(text, at);
  if (!standard) return std::nullopt;
  rule.standard_offset = -*standard;  // POSIX counts west of UTC as positive
  if (at == text.size()) return rule;
  if (!skip_abbreviation(text, at)) return std::nullopt;
  rule.dst_offset = rule.standard_offset + 3600;
  if (at < text.size() && text[at] != ',') {
    const auto dst = read_time(text, at);
    if (!dst) return std::nullopt;
    rule.dst_offset = -*dst;
  }
  if (at >= text.size() || text[at++] != ',') return std::nullopt;
  if (!read_date_rule(text, at, rule.start_month, rule.start_week, rule.start_weekday, rule.start_time)) return std::nullopt;
  if (at >= text.size() || text[at++] != ',') return std::nullopt;
  if (!read_date_rule(text, at, rule.end_month, rule.end_week, rule.end_weekday, rule.end_time)) return std::nullopt;
  return at == text.size() ? std::optional<YearlyRule>(rule) : std::nullopt;
}

// DST starts at the rule's local standard time and ends at its local daylight time; in the
// southern hemisphere the start comes later in the year than the end.
int TimeZone::rule_offset(std::int64_t seconds) const {
  const YearlyRule& rule = *m_rule;
  if (!rule.dst_offset) return rule.standard_offset;
  const std::int64_t local_days = (seconds + rule.standard_offset) / 86400 - ((seconds + rule.standard_offset) % 86400 < 0);
  std::int64_t year = 1970 + local_days / 365;
  while (days_from_civil(year, 1, 1) > local_days) --year;
  while (days_from_civil(year + 1, 1, 1) <= local_days) ++year;
  const std::int64_t start = days_from_civil(year, rule.start_month, rule_day(year, rule.start_month, rule.start_week, rule.start_weekday)) * 86400 +
                             rule.start_time - rule.standard_offset;
  const std::int64_t end = days_from_civil(year, rule.end_month, rule_day(year, rule.end_month, rule.end_week, rule.end_weekday)) * 86400 +
                           rule.end_time - *rule.dst_offset;
  const bool in_dst = start < end ? (seconds >= start && seconds < end) : !(seconds >= end && seconds < start);
  return in_dst ? *rule.dst_offset : rule.standard_offset;
}

}  // namespace jobkit::cron
