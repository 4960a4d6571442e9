// Reading the document model: one small reader per block type.
#include "document_reader.hpp"

#include "page_placeholders.hpp"

#include <algorithm>
#include <string>
#include <string_view>

namespace render_pdf {
namespace {

using jobkit::JsonField;
using jobkit::JsonObject;

// A tab (pasted from a spreadsheet, say) has no width of its own in a PDF line: it is drawn
// as a space rather than refused.
std::string tabs_as_spaces(std::string text) {
  std::replace(text.begin(), text.end(), '\t', ' ');
  return text;
}

Text read_text(const JsonField& field, const DocumentLimits& limits) {
  return {tabs_as_spaces(field.as_string({.max_length = limits.max_text_bytes})), field.pointer()};
}

Text read_optional_text(const JsonField& field, const DocumentLimits& limits) {
  return {tabs_as_spaces(field.string_or("", {.max_length = limits.max_text_bytes})), field.pointer()};
}

Alignment read_alignment(const JsonField& field) {
  const std::string name = field.string_or("left");
  if (name == "center") return Alignment::center;
  if (name == "right") return Alignment::right;
  if (name != "left") field.reject("must be left, center or right");
  return Alignment::left;
}

double read_font_size(const JsonField& field, double fallback) {
  return field.present() ? field.as_number({4, 72}) : fallback;
}

Margins read_margins(JsonObject object) {
  Margins margins;
  const jobkit::Range<double> range{0, 200};
  if (auto top = object.optional("top"); top.present()) margins.top = top.as_number(range);
  if (auto right = object.optional("right"); right.present()) margins.right = right.as_number(range);
  if (auto bottom = object.optional("bottom"); bottom.present()) margins.bottom = bottom.as_number(range);
  if (auto left = object.optional("left"); left.present()) margins.left = left.as_number(range);
  return margins;
}

PageDecoration read_decoration(JsonObject object, DocumentSource source, const DocumentLimits& limits) {
  PageDecoration decoration{read_optional_text(object.optional("left"), limits),
                            read_optional_text(object.optional("center"), limits),
                            read_optional_text(object.optional("right"), limits)};
  if (source == DocumentSource::job) {
    for (Text* text : {&decoration.left, &decoration.center, &decoration.right}) {
      text->value = mark_page_placeholders(std::move(text->value));
    }
  }
  return decoration;
}

Heading read_heading(JsonObject& object, const DocumentLimits& limits) {
  return {read_text(object.required("text"), limits), static_cast<int>(object.optional("level").integer_or(1, {1, 3}))};
}

Paragraph read_paragraph(JsonObject& object, const DocumentLimits& limits) {
  Paragraph paragraph;
  paragraph.text = read_text(object.required("text"), limits);
  paragraph.alignment = read_alignment(object.optional("align"));
  paragraph.weight = object.optional("bold").bool_or(false) ? FontWeight::bold : FontWeight::regular;
  paragraph.font_size = read_font_size(object.optional("font_size"), paragraph.font_size);
  return paragraph;
}

TableColumn read_column(JsonObject object, const DocumentLimits& limits) {
  TableColumn column;
  column.title = read_optional_text(object.optional("title"), limits);
  if (auto width = object.optional("width"); width.present()) column.width = width.as_number({0.01, 1000});
  column.alignment = read_alignment(object.optional("align"));
  return column;
}

Table read_table(JsonObject& object, const DocumentLimits& limits) {
  Table table;
  table.field = object.pointer();
  const auto columns = object.required("columns");
  for (const auto& item : columns.as_array(limits.max_table_columns)) {
    table.columns.push_back(read_column(item.as_object(), limits));
  }
  if (columns.present() && table.columns.empty()) columns.reject("must name at least one column");
  for (const auto& item : object.required("rows").as_array(limits.max_table_rows)) {
    std::vector<Text> cells;
    for (const auto& cell : item.as_array(limits.max_table_columns)) cells.push_back(read_text(cell, limits));
    if (item.present() && item.json().is_array() && cells.size() != table.columns.size()) {
      item.reject("has " + std::to_string(cells.size()) + " cells; the table has " +
                  std::to_string(table.columns.size()) + " columns");
    }
    table.rows.push_back(std::move(cells));
  }
  table.zebra = object.optional("zebra").bool_or(true);
  table.font_size = read_font_size(object.optional("font_size"), table.font_size);
  return table;
}

Image read_image(JsonObject& object) {
  Image image;
  const auto path = object.required("path");
  image.path = path.as_string({.min_length = 1, .max_length = 1024});
  image.field = path.pointer();
  if (auto width = object.optional("width"); width.present()) image.width = width.as_number({1, 2000});
  image.alignment = read_alignment(object.optional("align"));
  return image;
}

KeyValueList read_key_values(JsonObject& object, const DocumentLimits& limits) {
  KeyValueList list;
  for (const auto& item : object.required("items").as_array(limits.max_table_rows)) {
    auto pair = item.as_object();
    list.items.push_back({read_text(pair.required("key"), limits), read_text(pair.required("value"), limits)});
  }
  if (auto share = object.optional("key_width"); share.present()) list.key_share = share.as_number({0.1, 0.9});
  list.font_size = read_font_size(object.optional("font_size"), list.font_size);
  return list;
}

Block read_block(JsonObject object, const DocumentLimits& limits) {
  const auto type_field = object.required("type");
  const std::string type = type_field.as_string();
  if (type == "heading") return read_heading(object, limits);
  if (type == "paragraph") return read_paragraph(object, limits);
  if (type == "table") return read_table(object, limits);
  if (type == "image") return read_image(object);
  if (type == "key_value") return read_key_values(object, limits);
  if (type == "rule") {
    const auto thickness = object.optional("thickness");
    return HorizontalRule{thickness.present() ? thickness.as_number({0.1, 10}) : HorizontalRule{}.thickness};
  }
  if (type == "spacer") return Spacer{object.required("height").as_number({0, 800})};
  if (type == "page_break") return PageBreak{};
  if (type_field.present() && type_field.json().is_string()) {
    type_field.reject("must be heading, paragraph, table, image, key_value, rule, spacer or page_break");
  }
  object.allow_unknown_members();  // the type is already wrong; its members say nothing more
  return Spacer{0};
}

std::string read_font_file(const JsonField& field, std::string fallback) {
  if (!field.present()) return fallback;
  std::string name = field.as_string({.min_length = 1, .max_length = 255});
  if (name.find('/') != std::string::npos || name == "." || name == "..") {
    field.reject("must be a file name inside FONTS_DIR, without '/'");
  }
  return name;
}

FontChoice read_fonts(JsonObject object) {
  FontChoice fonts;
  const auto regular = object.optional("regular");
  const auto bold = object.optional("bold");
  fonts.regular = read_font_file(regular, fonts.regular);
  fonts.bold = read_font_file(bold, fonts.bold);
  if (regular.present()) fonts.regular_field = regular.pointer();
  if (bold.present()) fonts.bold_field = bold.pointer();
  return fonts;
}

void read_page(JsonObject object, Document& document) {
  const auto size = object.optional("size");
  const std::string size_name = size.string_or("A4");
  if (size_name == "Letter") document.page_size = PageSize::letter;
  else if (size_name != "A4") size.reject("must be A4 or Letter");
  const auto orientation = object.optional("orientation");
  const std::string orientation_name = orientation.string_or("portrait");
  if (orientation_name == "landscape") document.orientation = Orientation::landscape;
  else if (orientation_name != "portrait") orientation.reject("must be portrait or landscape");
  if (auto margins = object.optional("margins"); margins.present()) document.margins = read_margins(margins.as_object());
}

}  // namespace

Document read_document(JsonObject object, DocumentSource source, const DocumentLimits& limits) {
  Document document;
  if (auto page = object.optional("page"); page.present()) read_page(page.as_object(), document);
  if (auto header = object.optional("header"); header.present()) document.header = read_decoration(header.as_object(), source, limits);
  if (auto footer = object.optional("footer"); footer.present()) document.footer = read_decoration(footer.as_object(), source, limits);
  if (auto fonts = object.optional("fonts"); fonts.present()) document.fonts = read_fonts(fonts.as_object());
  document.info = {read_optional_text(object.optional("title"), limits),
                   read_optional_text(object.optional("author"), limits),
                   read_optional_text(object.optional("subject"), limits)};
  const auto blocks = object.required("blocks");
  for (const auto& item : blocks.as_array(limits.max_blocks)) document.blocks.push_back(read_block(item.as_object(), limits));
  return document;
}

}  // namespace render_pdf
