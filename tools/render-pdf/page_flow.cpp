// Page geometry, page breaks, single text lines, and the header and footer.
#include "page_flow.hpp"

#include "page_placeholders.hpp"

#include <algorithm>
#include <utility>

namespace render_pdf {
namespace {

constexpr double k_decoration_font_size = 8;

std::pair<double, double> page_dimensions(const Document& document) {
  // ISO 216 A4 is 210 x 297 mm; US Letter is 8.5 x 11 in.
  const auto [width, height] = document.page_size == PageSize::a4 ? std::pair{595.276, 841.89} : std::pair{612.0, 792.0};
  return document.orientation == Orientation::portrait ? std::pair{width, height} : std::pair{height, width};
}

}  // namespace

PageFlow::PageFlow(const Document& document, const FontPair& fonts, std::size_t max_pages)
    : m_fonts(fonts), m_max_pages(max_pages) {
  std::tie(m_document.page_width, m_document.page_height) = page_dimensions(document);
  m_left = document.margins.left;
  m_right = std::max(m_left + 72, m_document.page_width - document.margins.right);
  m_top = m_document.page_height - document.margins.top;
  m_bottom = std::min(m_top - 72, document.margins.bottom);
  m_document.pages.emplace_back();
  m_cursor = m_top;
}

jobkit::Status PageFlow::new_page() {
  if (m_document.pages.size() >= m_max_pages) {
    return jobkit::JobError::make(jobkit::ExitCode::invalid_data,
                                  "the document needs more than " + std::to_string(m_max_pages) + " pages (--max-pages)",
                                  "/document/blocks");
  }
  m_document.pages.emplace_back();
  m_cursor = m_top;
  return jobkit::Done{};
}

jobkit::Status PageFlow::make_room(double height) {
  if (height <= room() || page_is_fresh()) return jobkit::Done{};
  return new_page();
}

void PageFlow::advance(double height) { m_cursor = std::max(m_bottom, m_cursor - height); }

double PageFlow::line_height(double font_size) const {
  return std::max(1.15, m_fonts.regular.ascent() - m_fonts.regular.descent()) * font_size;
}

void PageFlow::place_text(const std::string& text, FontWeight weight, double font_size, double x, double width,
                          Alignment alignment, double top) {
  add_text(page(), text, weight, font_size, x, width, alignment, top);
}

void PageFlow::add_text(PageContent& page, const std::string& text, FontWeight weight, double font_size, double x,
                        double width, Alignment alignment, double top) const {
  if (text.empty()) return;
  const double text_width = font(weight).text_width(text, font_size);
  if (alignment == Alignment::center) x += (width - text_width) / 2;
  if (alignment == Alignment::right) x += width - text_width;
  page.texts.push_back({x, top - m_fonts.regular.ascent() * font_size, weight, font_size, text});
}

void PageFlow::place_decoration(const PageDecoration& decoration, double top, std::size_t page_number) {
  PageContent& page = m_document.pages[page_number - 1];
  const auto fill = [&](const Text& text) {
    return fill_page_placeholders(text.value, page_number, m_document.pages.size());
  };
  const double x = m_left;
  const double span = width();
  add_text(page, fill(decoration.left), FontWeight::regular, k_decoration_font_size, x, span, Alignment::left, top);
  add_text(page, fill(decoration.center), FontWeight::regular, k_decoration_font_size, x, span, Alignment::center, top);
  add_text(page, fill(decoration.right), FontWeight::regular, k_decoration_font_size, x, span, Alignment::right, top);
}

LaidOutDocument PageFlow::finish(const Document& document) {
  const double line = line_height(k_decoration_font_size);
  const double header_top = m_document.page_height - (document.margins.top - line) / 2;
  const double footer_top = (document.margins.bottom + line) / 2;
  for (std::size_t number = 1; number <= m_document.pages.size(); ++number) {
    place_decoration(document.header, header_top, number);
    place_decoration(document.footer, footer_top, number);
  }
  return std::move(m_document);
}

}  // namespace render_pdf
