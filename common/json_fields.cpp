// Typed JSON field access with JSON Pointers in every problem.
#include "jobkit/json_fields.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace jobkit {
namespace {

// A short description of a value for messages: its type, and the value when it is short.
std::string describe(const nlohmann::json& value) {
  if (value.is_number() || value.is_boolean()) return fmt::format("{} {}", value.type_name(), value.dump());
  return value.type_name();
}

}  // namespace

void FieldProblems::add(std::string field, std::string message) {
  m_problems.push_back({std::move(field), std::move(message)});
}

JobError FieldProblems::to_error() const {
  const FieldProblem& first = m_problems.front();
  std::string message = first.field.empty() ? first.message : fmt::format("{}: {}", first.field, first.message);
  if (m_problems.size() > 1) message += fmt::format(" (and {} more problems)", m_problems.size() - 1);
  JobError error = JobError::make(ExitCode::invalid_data, std::move(message), first.field);
  error.code = "invalid_field";
  error.details = m_problems;
  return error;
}

std::string append_pointer(std::string_view pointer, std::string_view key) {
  std::string result(pointer);
  result += '/';
  for (const char c : key) {
    if (c == '~') result += "~0";
    else if (c == '/') result += "~1";
    else result += c;
  }
  return result;
}

std::string append_pointer(std::string_view pointer, std::size_t index) {
  return fmt::format("{}/{}", pointer, index);
}

JsonField::JsonField(const nlohmann::json* value, std::string pointer, FieldProblems& problems)
    : m_value(value), m_pointer(std::move(pointer)), m_problems(&problems) {}

void JsonField::reject(std::string message) const { m_problems->add(m_pointer, std::move(message)); }

bool JsonField::expect(bool condition, std::string_view expected) const {
  if (!condition) reject(fmt::format("expected {}, got {}", expected, describe(*m_value)));
  return condition;
}

std::string JsonField::as_string(const StringRule& rule) const {
  if (!present() || !expect(m_value->is_string(), "a string")) return {};
  const auto& text = m_value->get_ref<const std::string&>();
  if (text.size() < rule.min_length) {
    reject(rule.min_length == 1 ? std::string("must not be empty")
                                : fmt::format("must be at least {} bytes long", rule.min_length));
    return {};
  }
  if (text.size() > rule.max_length) {
    reject(fmt::format("must be at most {} bytes long, got {}", rule.max_length, text.size()));
    return {};
  }
  return text;
}

std::int64_t JsonField::as_integer(const Range<std::int64_t>& range) const {
  if (!present()) return 0;
  // Integers above INT64_MAX arrive as unsigned; they are out of every range we accept.
  const bool is_integer = m_value->is_number_integer() ||
                          (m_value->is_number_float() && std::trunc(m_value->get<double>()) == m_value->get<double>() &&
                           std::abs(m_value->get<double>()) < 9.007199254740992e15);
  if (!expect(is_integer, "an integer")) return 0;
  const bool too_big = m_value->is_number_unsigned() &&
                       m_value->get<std::uint64_t>() > static_cast<std::uint64_t>(range.max);
  const auto number = too_big ? range.max : m_value->get<std::int64_t>();
  if (too_big || number < range.min || number > range.max) {
    reject(fmt::format("must be between {} and {}, got {}", range.min, range.max, m_value->dump()));
    return 0;
  }
  return number;
}

double JsonField::as_number(const Range<double>& range) const {
  if (!present() || !expect(m_value->is_number(), "a number")) return 0;
  const auto number = m_value->get<double>();
  if (number < range.min || number > range.max) {
    reject(fmt::format("must be between {} and {}, got {}", range.min, range.max, m_value->dump()));
    return 0;
  }
  return number;
}

bool JsonField::as_bool() const {
  if (!present() || !expect(m_value->is_boolean(), "true or false")) return false;
  return m_value->get<bool>();
}

JsonObject JsonField::as_object() const { return JsonObject(m_value, m_pointer, *m_problems); }

std::vector<JsonField> JsonField::as_array(std::size_t max_items) const {
  std::vector<JsonField> items;
  if (!present() || !expect(m_value->is_array(), "an array")) return items;
  if (m_value->size() > max_items) {
    reject(fmt::format("must have at most {} items, got {}", max_items, m_value->size()));
    return items;
  }
  items.reserve(m_value->size());
  for (std::size_t i = 0; i < m_value->size(); ++i) {
    items.emplace_back(&(*m_value)[i], append_pointer(m_pointer, i), *m_problems);
  }
  return items;
}

std::string JsonField::string_or(std::string fallback, const StringRule& rule) const {
  return present() ? as_string(rule) : fallback;
}

std::int64_t JsonField::integer_or(std::int64_t fallback, const Range<std::int64_t>& range) const {
  return present() ? as_integer(range) : fallback;
}

bool JsonField::bool_or(bool fallback) const { return present() ? as_bool() : fallback; }

JsonObject::JsonObject(const nlohmann::json* value, std::string pointer, FieldProblems& problems)
    : m_object(value), m_pointer(std::move(pointer)), m_problems(&problems) {
  if (m_object != nullptr && !m_object->is_object()) {
    problems.add(m_pointer, fmt::format("expected an object, got {}", describe(*m_object)));
    m_object = nullptr;
  }
}

JsonObject::JsonObject(JsonObject&& other) noexcept
    : m_object(other.m_object),
      m_pointer(std::move(other.m_pointer)),
      m_problems(other.m_problems),
      m_known(std::move(other.m_known)),
      m_check_unknown(other.m_check_unknown) {
  other.m_object = nullptr;  // the moved-from object checks nothing
}

JsonObject::~JsonObject() {
  if (m_object == nullptr || !m_check_unknown) return;
  for (const auto& [key, value] : m_object->items()) {
    if (std::find(m_known.begin(), m_known.end(), key) == m_known.end()) {
      m_problems->add(append_pointer(m_pointer, key), "unknown field");
    }
  }
}

JsonField JsonObject::field(std::string_view key) {
  m_known.emplace_back(key);
  const nlohmann::json* value = nullptr;
  if (m_object != nullptr) {
    const auto found = m_object->find(key);
    if (found != m_object->end()) value = &*found;
  }
  return JsonField(value, append_pointer(m_pointer, key), *m_problems);
}

JsonField JsonObject::required(std::string_view key) {
  JsonField result = field(key);
  // An object that is itself missing or mistyped was reported already; its members are not.
  if (!result.present() && m_object != nullptr) m_problems->add(result.pointer(), "is required");
  return result;
}

JsonField JsonObject::optional(std::string_view key) { return field(key); }

std::vector<std::pair<std::string, JsonField>> JsonObject::members() {
  std::vector<std::pair<std::string, JsonField>> result;
  if (m_object == nullptr) return result;
  for (const auto& [key, value] : m_object->items()) {
    m_known.push_back(key);
    result.emplace_back(key, JsonField(&value, append_pointer(m_pointer, key), *m_problems));
  }
  return result;
}

}  // namespace jobkit
