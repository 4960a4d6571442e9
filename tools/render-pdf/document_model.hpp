// The document model: what a job (or a filled template) asks render-pdf to draw, already
// checked and typed. Every text keeps the JSON Pointer it came from, so that a character
// the fonts cannot draw is reported against the field that holds it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace render_pdf {

enum class PageSize { a4, letter };
enum class Orientation { portrait, landscape };
enum class Alignment { left, center, right };
enum class FontWeight { regular, bold };

// A piece of UTF-8 text and the JSON Pointer of the field it was read from.
struct Text {
  std::string value;
  std::string field;
};

struct Margins {  // in points (1/72 inch)
  double top = 56;
  double right = 56;
  double bottom = 56;
  double left = 56;
};

// A line drawn on every page; "{page}" and "{pages}" in the document's own text are
// replaced by the page number and the page count ("Page {page} of {pages}"), held as marks
// (see page_placeholders.hpp) so that the same words in a template's data stay as they are.
struct PageDecoration {
  Text left;
  Text center;
  Text right;
};

struct Heading {
  Text text;
  int level = 1;  // 1..3
};

struct Paragraph {
  Text text;  // "\n" starts a new line
  Alignment alignment = Alignment::left;
  FontWeight weight = FontWeight::regular;
  double font_size = 10;
};

struct TableColumn {
  Text title;
  double width = 1;  // relative to the other columns
  Alignment alignment = Alignment::left;
};

struct Table {
  std::vector<TableColumn> columns;
  std::vector<std::vector<Text>> rows;  // each row has one cell per column
  bool zebra = true;
  double font_size = 9;
  std::string field;  // the table block's pointer, for "row too tall" errors
};

struct Image {
  std::string path;  // relative to STORAGE_DIR
  std::string field;
  std::optional<double> width;  // points; default: the image's size at 96 dpi, at most the text width
  Alignment alignment = Alignment::left;
  std::size_t image_index = 0;  // set when the images are loaded
};

struct KeyValue {
  Text key;
  Text value;
};

struct KeyValueList {
  std::vector<KeyValue> items;
  double key_share = 0.35;  // the part of the text width given to the keys
  double font_size = 10;
};

struct HorizontalRule {
  double thickness = 0.75;
};

struct Spacer {
  double height = 12;
};

struct PageBreak {};

using Block = std::variant<Heading, Paragraph, Table, Image, KeyValueList, HorizontalRule, Spacer, PageBreak>;

struct DocumentInfo {
  Text title;
  Text author;
  Text subject;
};

// Font file names inside the fonts folder (FONTS_DIR, or Debian's DejaVu folder).
struct FontChoice {
  std::string regular = "DejaVuSans.ttf";
  std::string bold = "DejaVuSans-Bold.ttf";
  std::string regular_field;  // "" when the default was used
  std::string bold_field;
};

struct Document {
  PageSize page_size = PageSize::a4;
  Orientation orientation = Orientation::portrait;
  Margins margins;
  PageDecoration header;
  PageDecoration footer;
  DocumentInfo info;
  FontChoice fonts;
  std::vector<Block> blocks;
};

}  // namespace render_pdf
