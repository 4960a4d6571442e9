#include "job.hpp"

#include <algorithm>

#include "jobkit/json_fields.hpp"

namespace sync_sheets {
namespace {

using jobkit::JsonField;
using jobkit::JsonObject;

// Google's own limits: a tab title of at most 100 characters and no characters that break
// A1 notation's quoting.
bool valid_tab_title(const std::string& title) {
  return title.find_first_of("[]*?/\\:\r\n") == std::string::npos && title.find_first_not_of(' ') != std::string::npos;
}

bool valid_identifier(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

ColumnType read_column_type(JsonField field) {
  const std::string name = field.string_or("auto");
  if (name == "auto") return ColumnType::automatic;
  if (name == "text") return ColumnType::text;
  if (name == "date") return ColumnType::date;
  if (name == "datetime") return ColumnType::datetime;
  field.reject("expected \"auto\", \"text\", \"date\" or \"datetime\"");
  return ColumnType::automatic;
}

std::vector<Column> read_columns(JsonField field) {
  std::vector<Column> columns;
  const jobkit::StringRule name_rule{.min_length = 1, .max_length = 200};
  for (JsonField& item : field.as_array(500)) {
    Column column;
    if (item.present() && item.json().is_string()) {
      column.field = item.as_string(name_rule);
      column.header = column.field;
    } else {
      JsonObject object = item.as_object();
      column.field = object.required("field").as_string(name_rule);
      column.header = object.optional("header").string_or(column.field, {.max_length = 50000});
      column.type = read_column_type(object.optional("type"));
    }
    const bool repeated = std::any_of(columns.begin(), columns.end(), [&](const Column& c) { return c.field == column.field; });
    if (repeated) item.reject("the field \"" + column.field + "\" is mapped twice");
    columns.push_back(std::move(column));
  }
  if (field.present() && columns.empty()) field.reject("expected at least one column");
  return columns;
}

Source read_source(JsonObject& root) {
  Source source;
  JsonField rows = root.optional("rows");
  JsonField file = root.optional("file");
  JsonField query = root.optional("query");
  const int given = (rows.present() ? 1 : 0) + (file.present() ? 1 : 0) + (query.present() ? 1 : 0);
  if (given != 1) {
    root.optional("rows").reject(given == 0 ? "one of rows, file and query is required" : "give only one of rows, file and query");
    return source;
  }
  if (rows.present()) {
    source.kind = SourceKind::inline_rows;
    for (JsonField& row : rows.as_array(100000)) {
      if (row.present() && !row.json().is_object()) row.reject("expected an object");
    }
    if (rows.json().is_array()) source.rows = rows.json();
  } else if (file.present()) {
    source.kind = SourceKind::ndjson_file;
    source.file = file.as_string({.min_length = 1, .max_length = 4096});
  } else {
    source.kind = SourceKind::query;
    JsonObject object = query.as_object();
    JsonField name = object.required("name");
    source.query = name.as_string({.min_length = 1, .max_length = 100});
    if (!valid_identifier(source.query)) name.reject("expected letters, digits, '_' or '-' (the name of a shipped query)");
    for (JsonField& parameter : object.optional("parameters").as_array(100)) {
      if (!parameter.present()) continue;
      const nlohmann::json& value = parameter.json();
      if (value.is_null()) source.parameters.emplace_back(std::nullopt);
      else if (value.is_string()) {
        // libpq passes parameters as C strings: a NUL would cut the value short unseen.
        if (value.get_ref<const std::string&>().find('\0') != std::string::npos) {
          parameter.reject("may not contain a NUL character");
        }
        source.parameters.emplace_back(value.get<std::string>());
      }
      else if (value.is_number() || value.is_boolean()) source.parameters.emplace_back(value.dump());
      else parameter.reject("expected a string, number, boolean or null");
    }
  }
  return source;
}

}  // namespace

std::string mode_name(Mode mode) {
  switch (mode) {
    case Mode::append: return "append";
    case Mode::upsert: return "upsert";
    case Mode::replace: return "replace";
  }
  return "append";
}

jobkit::Result<SheetsJob> read_job(const nlohmann::json& document) {
  return jobkit::read_fields<SheetsJob>(document, [](JsonObject& root) {
    SheetsJob job;
    JsonField spreadsheet = root.required("spreadsheet_id");
    job.spreadsheet_id = spreadsheet.as_string({.min_length = 1, .max_length = 200});
    if (!valid_identifier(job.spreadsheet_id)) spreadsheet.reject("expected the id from the spreadsheet's URL (letters, digits, '_' and '-')");
    JsonField tab = root.required("tab");
    job.tab = tab.as_string({.min_length = 1, .max_length = 100});
    if (tab.present() && tab.json().is_string() && !valid_tab_title(job.tab)) {
      tab.reject("a tab title may not be blank or contain [ ] * ? / \\ : or a line break");
    }
    JsonField mode = root.required("mode");
    const std::string mode_text = mode.as_string();
    if (mode_text == "append") job.mode = Mode::append;
    else if (mode_text == "upsert") job.mode = Mode::upsert;
    else if (mode_text == "replace") job.mode = Mode::replace;
    else if (mode.present()) mode.reject("expected \"append\", \"upsert\" or \"replace\"");
    job.columns = read_columns(root.required("columns"));
    JsonField key = root.optional("key");
    if (key.present()) {
      const std::string key_field = key.as_string({.min_length = 1, .max_length = 200});
      const auto found = std::find_if(job.columns.begin(), job.columns.end(), [&](const Column& c) { return c.field == key_field; });
      if (found == job.columns.end()) key.reject("expected one of the columns' fields");
      else job.key_column = static_cast<std::size_t>(found - job.columns.begin());
      if (job.mode == Mode::replace) key.reject("only with \"append\" or \"upsert\"");
    } else if (job.mode != Mode::replace && mode.present()) {
      root.required("key");  // records "is required": a keyless append could not tell a retry from new rows
    }
    job.header = root.optional("header").bool_or(true);
    job.source = read_source(root);
    return job;
  });
}

}  // namespace sync_sheets
