// Layout of every block type except tables, top to bottom, page after page.
#include "layout.hpp"

#include <algorithm>
#include <variant>

#include "page_flow.hpp"
#include "text_wrap.hpp"

namespace render_pdf {
namespace {

constexpr double k_points_per_pixel = 72.0 / 96.0;  // an image's natural size, as browsers show it
constexpr double k_paragraph_gap = 6;
constexpr double k_rule_gap = 6;

double heading_size(int level) { return level == 1 ? 18 : level == 2 ? 14 : 12; }

// Lines of text, each moved to a new page when it no longer fits.
jobkit::Status place_lines(const std::vector<std::string>& lines, FontWeight weight, double font_size,
                           Alignment alignment, PageFlow& flow) {
  const double height = flow.line_height(font_size);
  for (const auto& line : lines) {
    if (auto room = flow.make_room(height); !room) return room;
    flow.place_text(line, weight, font_size, flow.left(), flow.width(), alignment, flow.cursor());
    flow.advance(height);
  }
  return jobkit::Done{};
}

jobkit::Status lay_out_heading(const Heading& heading, PageFlow& flow) {
  const double size = heading_size(heading.level);
  if (!flow.page_is_fresh()) flow.advance(size * 0.5);
  const auto lines = wrap_text(heading.text.value, flow.font(FontWeight::bold), size, flow.width());
  // Keep a heading together with at least one line of what follows it.
  if (auto room = flow.make_room(flow.line_height(size) * static_cast<double>(lines.size()) + 2 * flow.line_height(10));
      !room) {
    return room;
  }
  if (auto placed = place_lines(lines, FontWeight::bold, size, Alignment::left, flow); !placed) return placed;
  flow.advance(size * 0.3);
  return jobkit::Done{};
}

jobkit::Status lay_out_paragraph(const Paragraph& paragraph, PageFlow& flow) {
  const auto lines = wrap_text(paragraph.text.value, flow.font(paragraph.weight), paragraph.font_size, flow.width());
  if (auto placed = place_lines(lines, paragraph.weight, paragraph.font_size, paragraph.alignment, flow); !placed) {
    return placed;
  }
  flow.advance(k_paragraph_gap);
  return jobkit::Done{};
}

jobkit::Status lay_out_image(const Image& image, const std::vector<PixelSize>& images, PageFlow& flow) {
  const PixelSize pixels = images.at(image.image_index);
  double width = std::min(image.width.value_or(pixels.width * k_points_per_pixel), flow.width());
  double height = width * pixels.height / pixels.width;
  if (height > flow.full_height()) {  // scale to fit a whole page
    width *= flow.full_height() / height;
    height = flow.full_height();
  }
  if (auto room = flow.make_room(height); !room) return room;
  double x = flow.left();
  if (image.alignment == Alignment::center) x += (flow.width() - width) / 2;
  if (image.alignment == Alignment::right) x += flow.width() - width;
  flow.page().images.push_back({x, flow.cursor() - height, width, height, image.image_index});
  flow.advance(height + k_paragraph_gap);
  return jobkit::Done{};
}

jobkit::Status lay_out_key_values(const KeyValueList& list, PageFlow& flow) {
  const double key_width = flow.width() * list.key_share;
  const double gap = 8;
  const double value_width = flow.width() - key_width - gap;
  const double line = flow.line_height(list.font_size);
  for (const auto& item : list.items) {
    const auto keys = wrap_text(item.key.value, flow.font(FontWeight::bold), list.font_size, key_width);
    const auto values = wrap_text(item.value.value, flow.font(FontWeight::regular), list.font_size, value_width);
    const std::size_t rows = std::max(keys.size(), values.size());
    if (auto room = flow.make_room(line * static_cast<double>(rows)); !room) return room;
    for (std::size_t row = 0; row < rows; ++row) {
      if (row > 0 && flow.room() < line) {
        if (auto next = flow.new_page(); !next) return next;
      }
      if (row < keys.size()) {
        flow.place_text(keys[row], FontWeight::bold, list.font_size, flow.left(), key_width, Alignment::left, flow.cursor());
      }
      if (row < values.size()) {
        flow.place_text(values[row], FontWeight::regular, list.font_size, flow.left() + key_width + gap, value_width,
                        Alignment::left, flow.cursor());
      }
      flow.advance(line);
    }
  }
  flow.advance(k_paragraph_gap);
  return jobkit::Done{};
}

jobkit::Status lay_out_rule(const HorizontalRule& rule, PageFlow& flow) {
  if (auto room = flow.make_room(2 * k_rule_gap + rule.thickness); !room) return room;
  flow.advance(k_rule_gap);
  const double y = flow.cursor() - rule.thickness / 2;
  flow.page().lines.push_back({flow.left(), y, flow.left() + flow.width(), y, rule.thickness, Gray{0.4}});
  flow.advance(k_rule_gap + rule.thickness);
  return jobkit::Done{};
}

jobkit::Status lay_out_spacer(const Spacer& spacer, PageFlow& flow) {
  if (spacer.height > flow.room()) return flow.new_page();
  flow.advance(spacer.height);
  return jobkit::Done{};
}

jobkit::Status lay_out_page_break(PageFlow& flow) {
  if (flow.page_is_fresh()) return jobkit::Done{};
  return flow.new_page();
}

jobkit::Status lay_out_block(const Block& block, const std::vector<PixelSize>& images, PageFlow& flow) {
  if (const auto* heading = std::get_if<Heading>(&block)) return lay_out_heading(*heading, flow);
  if (const auto* paragraph = std::get_if<Paragraph>(&block)) return lay_out_paragraph(*paragraph, flow);
  if (const auto* table = std::get_if<Table>(&block)) return lay_out_table(*table, flow);
  if (const auto* image = std::get_if<Image>(&block)) return lay_out_image(*image, images, flow);
  if (const auto* list = std::get_if<KeyValueList>(&block)) return lay_out_key_values(*list, flow);
  if (const auto* rule = std::get_if<HorizontalRule>(&block)) return lay_out_rule(*rule, flow);
  if (const auto* spacer = std::get_if<Spacer>(&block)) return lay_out_spacer(*spacer, flow);
  return lay_out_page_break(flow);
}

}  // namespace

jobkit::Result<LaidOutDocument> lay_out(const Document& document, const FontPair& fonts,
                                        const std::vector<PixelSize>& images, std::size_t max_pages) {
  PageFlow flow(document, fonts, max_pages);
  for (const auto& block : document.blocks) {
    if (auto placed = lay_out_block(block, images, flow); !placed) return placed.error();
  }
  return flow.finish(document);
}

}  // namespace render_pdf
