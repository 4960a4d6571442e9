// Typed access to a job's JSON: turns the document into a tool's own structs, recording a
// problem with the JSON Pointer of every bad field instead of stopping at the first one.
//
//   auto job = read_fields<Job>(document, [](JsonObject& root) {
//     Job job;
//     job.title = root.required("title").as_string({.max_length = 200});
//     for (auto& item : root.optional("recipients").as_array(1000)) { ... }
//     return job;
//   });   // Result<Job>: the Job, or invalid_data (65) naming every bad field
//
// Unknown members are errors by default: a JsonObject records, when it is destroyed, each
// member that nobody asked for (a misspelt optional field must not be silently ignored).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobkit/job_error.hpp"

namespace jobkit {

// Every problem found while reading one document.
class FieldProblems {
 public:
  void add(std::string field, std::string message);
  bool empty() const { return m_problems.empty(); }
  const std::vector<FieldProblem>& all() const { return m_problems; }
  // invalid_data (65) with the first problem's field and message and all of them in details.
  // Requires: !empty().
  JobError to_error() const;

 private:
  std::vector<FieldProblem> m_problems;
};

// "/a~1b/~0c" for the keys "a/b" and "~c" (RFC 6901 escaping).
std::string append_pointer(std::string_view pointer, std::string_view key);
std::string append_pointer(std::string_view pointer, std::size_t index);

struct StringRule {
  std::size_t min_length = 0;  // in bytes
  std::size_t max_length = std::numeric_limits<std::size_t>::max();
};

template <typename T>
struct Range {
  T min = std::numeric_limits<T>::lowest();
  T max = std::numeric_limits<T>::max();
};

class JsonObject;

// One value in the document, or an absent one. Reading an absent value gives the type's
// empty value and records nothing (a missing required field was recorded when it was asked
// for); reading a present value of the wrong type or range records one problem.
class JsonField {
 public:
  JsonField(const nlohmann::json* value, std::string pointer, FieldProblems& problems);

  bool present() const { return m_value != nullptr; }
  const std::string& pointer() const { return m_pointer; }
  // Requires: present().
  const nlohmann::json& json() const { return *m_value; }

  std::string as_string(const StringRule& rule = {}) const;
  std::int64_t as_integer(const Range<std::int64_t>& range = {}) const;
  double as_number(const Range<double>& range = {}) const;
  bool as_bool() const;
  JsonObject as_object() const;
  // An absent field is an empty array.
  std::vector<JsonField> as_array(std::size_t max_items) const;

  std::string string_or(std::string fallback, const StringRule& rule = {}) const;
  std::int64_t integer_or(std::int64_t fallback, const Range<std::int64_t>& range = {}) const;
  bool bool_or(bool fallback) const;

  // Records a problem with this field (for checks only the tool knows).
  void reject(std::string message) const;

 private:
  bool expect(bool condition, std::string_view expected) const;

  const nlohmann::json* m_value;
  std::string m_pointer;
  FieldProblems* m_problems;
};

class JsonObject {
 public:
  // A value that is not an object records a problem and reads as an empty object.
  JsonObject(const nlohmann::json* value, std::string pointer, FieldProblems& problems);
  JsonObject(JsonObject&& other) noexcept;
  JsonObject(const JsonObject&) = delete;
  JsonObject& operator=(const JsonObject&) = delete;
  JsonObject& operator=(JsonObject&&) = delete;
  ~JsonObject();  // records unknown members, unless allow_unknown_members() was called

  // A missing required member records "is required".
  JsonField required(std::string_view key);
  JsonField optional(std::string_view key);
  // Every member, for objects that are maps (template data, headers); marks all as known.
  std::vector<std::pair<std::string, JsonField>> members();
  void allow_unknown_members() { m_check_unknown = false; }
  const std::string& pointer() const { return m_pointer; }

 private:
  JsonField field(std::string_view key);

  const nlohmann::json* m_object;  // null when absent or not an object
  std::string m_pointer;
  FieldProblems* m_problems;
  std::vector<std::string> m_known;
  bool m_check_unknown = true;
};

// Reads a whole document with read(JsonObject& root) -> T, and returns the T or every
// problem found, unknown members included.
template <typename T, typename ReadFunction>
Result<T> read_fields(const nlohmann::json& document, ReadFunction&& read) {
  FieldProblems problems;
  std::optional<T> value;
  {
    JsonObject root(&document, "", problems);
    value.emplace(read(root));
  }  // root's destructor records unknown members before problems are looked at
  if (!problems.empty()) return problems.to_error();
  return std::move(*value);
}

}  // namespace jobkit
