#include "cron_pattern.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <sstream>
#include <variant>

namespace jobkit::cron {
namespace {

struct Limits {
  const char* unit;        // cron-parser's name in "too many values" errors
  const char* class_name;  // and in validation errors
  int min;
  int max;
  bool allows_last;
};

constexpr Limits second_limits{"Second", "CronSecond", 0, 59, false};
constexpr Limits minute_limits{"Minute", "CronMinute", 0, 59, false};
constexpr Limits hour_limits{"Hour", "CronHour", 0, 23, false};
constexpr Limits day_limits{"DayOfMonth", "CronDayOfMonth", 1, 31, true};
constexpr Limits month_limits{"Month", "CronMonth", 1, 12, false};
constexpr Limits weekday_limits{"DayOfWeek", "CronDayOfWeek", 0, 7, true};
constexpr int max_field_values = 256;
constexpr std::size_t max_pattern_length = 1024;
constexpr int month_lengths_with_leap_february[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

struct CronRefusal {
  std::string message;
};

[[noreturn]] void refuse(std::string message) { throw CronRefusal{std::move(message)}; }

// JavaScript's parseInt on the characters cron fields may hold: leading digits, else NaN.
std::optional<long> leading_integer(const std::string& text) {
  std::size_t end = 0;
  while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
  if (end == 0) return std::nullopt;
  return std::stol(text.substr(0, std::min<std::size_t>(end, 9)));
}

std::string js_number(const std::optional<long>& value) { return value ? std::to_string(*value) : "NaN"; }

bool all_digits(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream stream(text);
  while (std::getline(stream, part, separator)) parts.push_back(part);
  if (text.empty() || text.back() == separator) parts.emplace_back();
  return parts;
}

int alias_value(const std::string& lowered) {
  static const char* const months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  static const char* const weekdays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  for (int i = 0; i < 12; ++i) if (lowered == months[i]) return i + 1;
  for (int i = 0; i < 7; ++i) if (lowered == weekdays[i]) return i;
  refuse("Validation error, cannot resolve alias \"" + lowered + "\"");
}

// Every run of three letters is a month or weekday name, in either of the two fields.
std::string replace_aliases(const std::string& value) {
  std::string out;
  std::size_t i = 0;
  while (i < value.size()) {
    auto is_letter = [&](std::size_t at) { return at < value.size() && std::isalpha(static_cast<unsigned char>(value[at])); };
    if (is_letter(i) && is_letter(i + 1) && is_letter(i + 2)) {
      std::string word = value.substr(i, 3);
      std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::tolower(c); });
      out += std::to_string(alias_value(word));
      i += 3;
    } else {
      out += value[i++];
    }
  }
  return out;
}

bool valid_characters(const std::string& value, const Limits& limits, bool allows_hash) {
  if (value.empty()) return false;
  return std::all_of(value.begin(), value.end(), [&](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || c == '?' || c == ',' || c == '*' || c == '/' || c == '-' ||
           c == 'H' || (limits.allows_last && c == 'L') || (allows_hash && c == '#');
  });
}

using Item = std::variant<int, std::string>;

std::vector<int> make_range(const Limits& limits, int min, int max, int step) {
  std::vector<int> values;
  if (&limits == &weekday_limits && max % 7 == 0 && (max - min) % step == 0) values.push_back(0);
  for (int v = min; v <= max; v += step) {
    if (std::find(values.begin(), values.end(), v) == values.end()) values.push_back(v);
  }
  return values;
}

// One list element: a range (with or without a step) expands; anything else stays a scalar.
std::variant<std::vector<int>, Item> parse_range(const Limits& limits, const std::string& text,
                                                 std::optional<long> step) {
  const auto bounds = split(text, '-');
  if (bounds.size() <= 1) {
    if (all_digits(text)) return Item{static_cast<int>(std::min(*leading_integer(text), 1'000'000L))};
    return Item{text};
  }
  const auto min = leading_integer(bounds[0]);
  const auto max = leading_integer(bounds[1]);
  if (!min || !max || *min < limits.min || *max > limits.max) {
    refuse("Constraint error, got range " + js_number(min) + "-" + js_number(max) + " expected range " +
           std::to_string(limits.min) + "-" + std::to_string(limits.max));
  }
  if (*min > *max) {
    refuse("Invalid range: " + js_number(min) + "-" + js_number(max) + ", min(" + js_number(min) + ") > max(" +
           js_number(max) + ")");
  }
  if (!step || *step <= 0) refuse("Constraint error, cannot repeat at every " + js_number(step) + " time.");
  return make_range(limits, static_cast<int>(*min), static_cast<int>(*max), static_cast<int>(std::min(*step, 1000L)));
}

std::variant<std::vector<int>, Item> parse_repeat(const Limits& limits, const std::string& text) {
  auto parts = split(text, '/');
  if (parts.size() > 2) refuse("Invalid repeat: " + text);
  if (parts.size() == 2) {
    if (parts[0].find('-') == std::string::npos) parts[0] += "-" + std::to_string(limits.max);
    return parse_range(limits, parts[0], leading_integer(parts[1]));
  }
  return parse_range(limits, text, 1);
}

std::vector<Item> parse_sequence(const Limits& limits, const std::string& value) {
  std::vector<Item> stack;
  for (const auto& atom : split(value, ',')) {
    if (static_cast<int>(stack.size()) > max_field_values) {
      refuse(std::string("Constraint error, too many values in ") + limits.unit + " field, expected at most " +
             std::to_string(max_field_values));
    }
    if (atom.empty()) refuse("Invalid list value format");
    auto result = parse_repeat(limits, atom);
    if (auto* range = std::get_if<std::vector<int>>(&result)) {
      stack.insert(stack.end(), range->begin(), range->end());
      continue;
    }
    const Item& item = std::get<Item>(result);
    const std::string text = std::holds_alternative<int>(item) ? std::to_string(std::get<int>(item)) : std::get<std::string>(item);
    if (limits.allows_last && text.find('L') != std::string::npos) {
      stack.push_back(text);
      continue;
    }
    const auto number = leading_integer(text);
    if (!number || *number < limits.min || *number > limits.max) {
      refuse("Constraint error, got value " + text + " expected range " + std::to_string(limits.min) + "-" +
             std::to_string(limits.max));
    }
    stack.push_back(&limits == &weekday_limits ? static_cast<int>(*number % 7) : static_cast<int>(*number));
  }
  return stack;
}

std::vector<Item> parse_field_values(const Limits& limits, std::string value) {
  if (&limits == &month_limits || &limits == &weekday_limits) value = replace_aliases(value);
  if (!valid_characters(value, limits, &limits == &weekday_limits)) refuse("Invalid characters, got value: " + value);
  if (value.find('H') != std::string::npos) {
    refuse("Unsupported hashed value (H), got value: " + value +
           "; BullMQ picks a new random value for it at every iteration");
  }
  std::string expanded;
  for (char c : value) {
    if (c == '*' || c == '?') expanded += std::to_string(limits.min) + "-" + std::to_string(limits.max);
    else expanded += c;
  }
  return parse_sequence(limits, expanded);
}

// The field as cron-parser's field classes build and validate it: numbers before letters,
// each value once, letter forms only as `L` with at most two digits before it.
CronField make_field(const Limits& limits, std::vector<Item> items, const std::string& raw) {
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    if (a.index() != b.index()) return a.index() < b.index();
    if (std::holds_alternative<int>(a)) return std::get<int>(a) < std::get<int>(b);
    return std::get<std::string>(a) < std::get<std::string>(b);
  });
  const std::string range_text = std::to_string(limits.min) + "-" + std::to_string(limits.max) +
                                 (limits.allows_last ? " or chars L" : "");
  for (const auto& item : items) {
    if (const auto* text = std::get_if<std::string>(&item)) {
      const bool valid = limits.allows_last && text->size() <= 3 && text->back() == 'L' &&
                         std::all_of(text->begin(), text->end() - 1, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
      if (!valid) refuse(std::string(limits.class_name) + " Validation error, got value " + *text + " expected range " + range_text);
    }
  }
  for (std::size_t i = 1; i < items.size(); ++i) {
    if (items[i] == items[i - 1]) {
      const auto& item = items[i];
      const std::string text = std::holds_alternative<int>(item) ? std::to_string(std::get<int>(item)) : std::get<std::string>(item);
      refuse(std::string(limits.class_name) + " Validation error, duplicate values found: " + text);
    }
  }
  CronField field;
  for (auto& item : items) {
    if (std::holds_alternative<int>(item)) field.numbers.push_back(std::get<int>(item));
    else field.specials.push_back(std::get<std::string>(item));
  }
  field.wildcard = raw == "*" || raw == "?";
  field.has_last = raw.find('L') != std::string::npos ||
                   std::find(field.specials.begin(), field.specials.end(), "L") != field.specials.end();
  return field;
}

std::string expand_shorthand(const std::string& pattern) {
  static const std::pair<const char*, const char*> shorthands[] = {
      {"@yearly", "0 0 0 1 1 *"},   {"@annually", "0 0 0 1 1 *"}, {"@monthly", "0 0 0 1 * *"},
      {"@weekly", "0 0 0 * * 0"},   {"@daily", "0 0 0 * * *"},    {"@hourly", "0 0 * * * *"},
      {"@minutely", "0 * * * * *"}, {"@secondly", "* * * * * *"}, {"@weekdays", "0 0 0 * * 1-5"},
      {"@weekends", "0 0 0 * * 0,6"}};
  for (const auto& [name, expansion] : shorthands) if (pattern == name) return expansion;
  return pattern;
}

std::vector<std::string> raw_fields(std::string pattern) {
  if (pattern.empty()) pattern = "0 * * * * *";
  if (pattern.size() > max_pattern_length) {
    refuse("Invalid cron expression, too long, expected at most " + std::to_string(max_pattern_length) + " characters");
  }
  std::vector<std::string> atoms;
  std::istringstream stream(pattern);
  for (std::string atom; stream >> atom;) atoms.push_back(atom);
  if (atoms.empty()) atoms.emplace_back();
  if (atoms.size() > 6) refuse("Invalid cron expression, too many fields");
  static const char* const defaults[] = {"0", "*", "*", "*", "*", "*"};
  std::vector<std::string> fields(defaults, defaults + (6 - atoms.size()));
  fields.insert(fields.end(), atoms.begin(), atoms.end());
  return fields;
}

CronPattern parse_or_throw(const std::string& pattern) {
  const auto raw = raw_fields(expand_shorthand(pattern));
  auto seconds = parse_field_values(second_limits, raw[0]);
  auto minutes = parse_field_values(minute_limits, raw[1]);
  auto hours = parse_field_values(hour_limits, raw[2]);
  auto months = parse_field_values(month_limits, raw[4]);
  auto days = parse_field_values(day_limits, raw[3]);
  std::string weekday_text = raw[5];
  int nth = 0;
  if (const auto parts = split(raw[5], '#'); parts.size() > 1) {
    const std::string& count = parts.back();
    const auto special = raw[5].find_first_of(",-/");
    if (special != std::string::npos) {
      refuse(std::string("Constraint error, invalid dayOfWeek `#` and `") + raw[5][special] +
             "` special characters are incompatible");
    }
    const long occurrence = all_digits(count) ? *leading_integer(count) : 0;
    if (parts.size() > 2 || occurrence < 1 || occurrence > 5) {
      refuse("Constraint error, invalid dayOfWeek occurrence number (#)");
    }
    weekday_text = parts[0];
    nth = static_cast<int>(occurrence);
  }
  auto weekdays = parse_field_values(weekday_limits, weekday_text);

  CronPattern result;
  result.second = make_field(second_limits, std::move(seconds), raw[0]);
  result.minute = make_field(minute_limits, std::move(minutes), raw[1]);
  result.hour = make_field(hour_limits, std::move(hours), raw[2]);
  // With a single month, days that month never has are dropped (unless that leaves none).
  if (months.size() == 1) {
    const int length = month_lengths_with_leap_february[std::get<int>(months[0]) - 1];
    std::vector<Item> kept;
    for (const auto& day : days) {
      if (!std::holds_alternative<int>(day) || std::get<int>(day) <= length) kept.push_back(day);
    }
    if (!kept.empty()) days = std::move(kept);
  }
  result.day_of_month = make_field(day_limits, std::move(days), raw[3]);
  result.month = make_field(month_limits, std::move(months), raw[4]);
  result.day_of_week = make_field(weekday_limits, std::move(weekdays), raw[5]);
  if (std::find(result.day_of_week.specials.begin(), result.day_of_week.specials.end(), "L") !=
      result.day_of_week.specials.end()) {
    refuse("CronDayOfWeek Validation error, unexpected standalone L");
  }
  result.nth_day_of_week = nth;
  const auto& day_field = result.day_of_month;
  if (result.month.numbers.size() == 1 && !day_field.has_last && result.day_of_week.wildcard) {
    const int first_day = day_field.numbers.empty() ? 0 : day_field.numbers.front();
    if (day_field.numbers.empty() || first_day > month_lengths_with_leap_february[result.month.numbers[0] - 1]) {
      refuse("Invalid explicit day of month definition");
    }
  }
  return result;
}

}  // namespace

bool CronField::contains(int value) const { return std::binary_search(numbers.begin(), numbers.end(), value); }

int CronField::next_above(int value) const {
  const auto it = std::upper_bound(numbers.begin(), numbers.end(), value);
  return it == numbers.end() ? -1 : *it;
}

jobkit::Result<CronPattern> parse_cron_pattern(const std::string& pattern) {
  try {
    return parse_or_throw(pattern);
  } catch (const CronRefusal& refusal) {
    return jobkit::JobError::make(jobkit::ExitCode::invalid_data, refusal.message);
  }
}

}  // namespace jobkit::cron
