// Character-by-character checks of the document's texts.
#include "text_check.hpp"

#include <fmt/format.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "jobkit/json_fields.hpp"
#include "page_placeholders.hpp"
#include "utf8_decode.hpp"

namespace render_pdf {
namespace {

enum class Trouble { none, control, right_to_left, needs_shaping, emoji, no_glyph };

bool in(char32_t character, char32_t first, char32_t last) { return character >= first && character <= last; }

bool is_right_to_left(char32_t c) {
  return in(c, 0x0590, 0x08FF) || in(c, 0xFB1D, 0xFDFF) || in(c, 0xFE70, 0xFEFF) || in(c, 0x10800, 0x10FFF) ||
         in(c, 0x1E800, 0x1EFFF) || c == 0x200F || in(c, 0x202A, 0x202E) || in(c, 0x2066, 0x2069);
}

// Scripts whose letters change form or order when joined (Indic, Tibetan, Myanmar, Khmer,
// Mongolian): drawing their code points one after another is wrong even with a glyph.
bool needs_shaping(char32_t c) {
  return in(c, 0x0900, 0x0DFF) || in(c, 0x0F00, 0x0FFF) || in(c, 0x1000, 0x109F) || in(c, 0x1780, 0x18AF);
}

// Emoji are drawn in colour from emoji-presentation fonts (and joined by ZWJ, varied by
// selectors and skin-tone modifiers); a monochrome TrueType glyph, where DejaVu has one, is
// not what the writer meant. Text-style symbols such as U+2764 alone stay allowed.
bool is_emoji(char32_t c) { return in(c, 0x1F000, 0x1FAFF) || c == 0x200D || c == 0xFE0F || c == 0x20E3; }

Trouble classify(char32_t c, const FontPair& fonts) {
  if ((c < 0x20 && c != '\n') || in(c, 0x7F, 0x9F)) return Trouble::control;
  if (is_right_to_left(c)) return Trouble::right_to_left;
  if (needs_shaping(c)) return Trouble::needs_shaping;
  if (is_emoji(c)) return Trouble::emoji;
  if (c != '\n' && (!fonts.regular.has_glyph(c) || !fonts.bold.has_glyph(c))) return Trouble::no_glyph;
  return Trouble::none;
}

std::string explain(Trouble trouble, const FontPair& fonts) {
  switch (trouble) {
    case Trouble::control: return "control characters are not allowed (use \"\\n\" for a new line)";
    case Trouble::right_to_left: return "right-to-left scripts cannot be drawn (PoDoFo 0.9 has no bidi or shaping)";
    case Trouble::needs_shaping: return "this script needs glyph shaping, which PoDoFo 0.9 cannot do";
    case Trouble::emoji: return "emoji need a colour emoji font, which a PDF from PoDoFo 0.9 cannot use";
    case Trouble::no_glyph:
      return "no glyph in " + fonts.regular.path().filename().string() + " / " + fonts.bold.path().filename().string() +
             " (set FONTS_DIR and \"fonts\" to a font that has them)";
    case Trouble::none: break;
  }
  return {};
}

std::string describe(const std::u32string& characters) {
  std::string shown;
  std::string points;
  for (const char32_t c : characters) {
    // A control character is shown as its JSON escape, which the writer can search for.
    shown += c < 0x20 || in(c, 0x7F, 0x9F) ? fmt::format("\\u{:04X}", static_cast<std::uint32_t>(c)) : encode_utf8(c);
    points += fmt::format("{}U+{:04X}", points.empty() ? "" : " ", static_cast<std::uint32_t>(c));
  }
  return "\"" + shown + "\" (" + points + ")";
}

// Every character the fonts cannot draw in value, by kind of trouble.
std::map<Trouble, std::u32string> find_troubles(const std::string& value, const FontPair& fonts) {
  std::map<Trouble, std::u32string> troubles;
  for (const char32_t c : decode_utf8(value)) {
    const Trouble trouble = classify(c, fonts);
    if (trouble == Trouble::none) continue;
    auto& characters = troubles[trouble];
    if (characters.size() < 24 && characters.find(c) == std::u32string::npos) characters.push_back(c);
  }
  return troubles;
}

// Problems reported once per field and message, although a data value may appear in several
// texts (a name in the header of every page and in the body).
class ProblemList {
 public:
  bool add(const std::string& field, const std::map<Trouble, std::u32string>& troubles, const FontPair& fonts) {
    for (const auto& [trouble, characters] : troubles) {
      std::string message = "cannot draw " + describe(characters) + ": " + explain(trouble, fonts);
      if (m_reported.insert(field + '\n' + message).second) m_problems.add(field, std::move(message));
    }
    return !troubles.empty();
  }
  const jobkit::FieldProblems& problems() const { return m_problems; }

 private:
  jobkit::FieldProblems m_problems;
  std::set<std::string> m_reported;
};

// A text filled from the job's data is judged value by value, so the error names the
// user's field; what is left (the template's own words) is judged as a whole.
void check_text(const Text& text, const FontPair& fonts, const DataSources& sources, ProblemList& problems) {
  if (const auto from_data = sources.find(text.field); from_data != sources.end()) {
    bool found = false;
    for (const auto& source : from_data->second) found |= problems.add(source.field, find_troubles(source.text, fonts), fonts);
    if (found) return;
  }
  problems.add(text.field, find_troubles(text.value, fonts), fonts);
}

void visit_block_texts(const Block& block, const std::function<void(const Text&)>& visit) {
  if (const auto* heading = std::get_if<Heading>(&block)) visit(heading->text);
  if (const auto* paragraph = std::get_if<Paragraph>(&block)) visit(paragraph->text);
  if (const auto* table = std::get_if<Table>(&block)) {
    for (const auto& column : table->columns) visit(column.title);
    for (const auto& row : table->rows) {
      for (const auto& cell : row) visit(cell);
    }
  }
  if (const auto* list = std::get_if<KeyValueList>(&block)) {
    for (const auto& item : list->items) {
      visit(item.key);
      visit(item.value);
    }
  }
}

}  // namespace

jobkit::Status check_drawable_text(const Document& document, const FontPair& fonts, const DataSources& sources) {
  ProblemList problems;
  const auto visit = [&](const Text& text) { check_text(text, fonts, sources, problems); };
  // Page numbers are digits, which every font draws; the marks that stand for them are not
  // text.
  const auto visit_decoration = [&](const Text& text) {
    visit(Text{fill_page_placeholders(text.value, 0, 0), text.field});
  };
  for (const auto* decoration : {&document.header, &document.footer}) {
    visit_decoration(decoration->left);
    visit_decoration(decoration->center);
    visit_decoration(decoration->right);
  }
  for (const auto& block : document.blocks) visit_block_texts(block, visit);
  if (!problems.problems().empty()) return problems.problems().to_error();
  return jobkit::Done{};
}

}  // namespace render_pdf
