#include "cell_values.hpp"

#include <cmath>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "jobkit/json_fields.hpp"

namespace sync_sheets {
namespace {

std::size_t utf8_characters(const std::string& text) {
  std::size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

std::optional<int> digits(const std::string& text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// Days from 1970-01-01 to a civil date (proleptic Gregorian).
long long days_from_civil(int year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const long long era = (year >= 0 ? year : year - 399) / 400;
  const long long year_of_era = year - era * 400;
  const long long day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const long long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

int days_in_month(int year, int month) {
  constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

// What may follow the seconds: a fraction, then "Z" or a UTC offset (+01:00, +0100, +01).
bool is_time_suffix(std::string_view rest) {
  if (!rest.empty() && rest.front() == '.') {
    const std::size_t digits_end = rest.find_first_not_of("0123456789", 1);
    if (digits_end == 1) return false;
    rest.remove_prefix(digits_end == std::string_view::npos ? rest.size() : digits_end);
  }
  if (rest.empty() || rest == "Z" || rest == "z") return true;
  if (rest.front() != '+' && rest.front() != '-') return false;
  const std::string text(rest.substr(1));
  const bool two = text.size() == 2 && digits(text, 0, 2);
  const bool four = text.size() == 4 && digits(text, 0, 4);
  const bool colon = text.size() == 5 && text[2] == ':' && digits(text, 0, 2) && digits(text, 3, 2);
  return two || four || colon;
}

// Sheets counts days from 1899-12-30 (day 0), 25,569 days before the Unix epoch. The time
// of day is taken as written (a UTC offset is not applied: a sheet has no time zone per cell).
std::optional<double> serial_date(const std::string& text, bool with_time) {
  const auto year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
  if (!year || !month || !day || text[4] != '-' || text[7] != '-' || *month < 1 || *month > 12 || *day < 1 ||
      *day > days_in_month(*year, *month)) {
    return std::nullopt;
  }
  double serial = static_cast<double>(days_from_civil(*year, *month, *day) + 25569);
  if (text.size() == 10) return serial;
  if (!with_time) return std::nullopt;
  if (text[10] != 'T' && text[10] != ' ') return std::nullopt;
  const auto hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
  if (!hour || !minute || !second || text[13] != ':' || text[16] != ':' || *hour > 23 || *minute > 59 || *second > 60 ||
      !is_time_suffix(std::string_view(text).substr(19))) {
    return std::nullopt;
  }
  return serial + (*hour * 3600 + *minute * 60 + *second) / 86400.0;
}

jobkit::Result<nlohmann::json> cell(const Column& column, const nlohmann::json& value, const std::string& where) {
  auto refuse = [&](const std::string& message) {
    return jobkit::JobError::make(jobkit::ExitCode::invalid_data, message, where);
  };
  if (value.is_null()) return nlohmann::json("");
  if (value.is_object() || value.is_array()) return refuse("expected a string, number or boolean, got " + std::string(value.type_name()));
  if (column.type == ColumnType::date || column.type == ColumnType::datetime) {
    if (!value.is_string()) return refuse("expected an ISO 8601 date such as 2026-11-28");
    const auto serial = serial_date(value.get<std::string>(), column.type == ColumnType::datetime);
    if (!serial) return refuse(column.type == ColumnType::date ? "expected an ISO 8601 date such as 2026-11-28"
                                                               : "expected an ISO 8601 date-time such as 2026-11-28T09:30:00Z");
    return nlohmann::json(*serial);
  }
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (utf8_characters(text) > k_max_cell_characters) {
      return refuse(fmt::format("{} characters; a Google Sheets cell holds at most {}", utf8_characters(text), k_max_cell_characters));
    }
    return value;
  }
  if (column.type == ColumnType::text) return nlohmann::json(value.dump());
  if (value.is_number_float() && !std::isfinite(value.get<double>())) return refuse("expected a finite number");
  return value;
}

}  // namespace

nlohmann::json header_cells(const SheetsJob& job) {
  nlohmann::json row = nlohmann::json::array();
  for (const Column& column : job.columns) row.push_back(column.header);
  return row;
}

jobkit::Result<nlohmann::json> row_cells(const SheetsJob& job, const nlohmann::json& record, const std::string& where) {
  if (!record.is_object()) return jobkit::JobError::make(jobkit::ExitCode::invalid_data, "expected an object", where);
  nlohmann::json row = nlohmann::json::array();
  for (const Column& column : job.columns) {
    const auto found = record.find(column.field);
    auto value = cell(column, found == record.end() ? nlohmann::json(nullptr) : *found,
                      jobkit::append_pointer(where, column.field));
    if (!value) return value.error();
    row.push_back(std::move(value).value());
  }
  return row;
}

std::string key_text(const nlohmann::json& cell) {
  if (cell.is_string()) return cell.get<std::string>();
  if (cell.is_number_float()) {
    const double number = cell.get<double>();
    if (std::floor(number) == number && std::fabs(number) < 1e15) return fmt::format("{}", static_cast<long long>(number));
  }
  return cell.dump();
}

std::string serialized(const nlohmann::json& row) {
  return row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

jobkit::Status add_record(const SheetsJob& job, const nlohmann::json& record, const std::string& where, RowSet& rows) {
  const auto space = where.find(' ');
  auto row = row_cells(job, record, space == std::string::npos ? where : "");
  if (!row) {
    if (space == std::string::npos) return row.error();
    // "/file line 4": the pointer is the source's field, the line goes in the message.
    jobkit::JobError error = row.error();
    error.message = fmt::format("{}, member {}: {}", where.substr(space + 1), error.field, error.message);
    error.field = where.substr(0, space);
    return error;
  }
  if (job.key_column) rows.keys.push_back(key_text(row.value()[*job.key_column]));
  rows.rows.push_back(serialized(row.value()));
  return jobkit::Done{};
}

}  // namespace sync_sheets
