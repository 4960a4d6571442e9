// The running state of layout: the pages made so far and how far down the current one the
// next block starts. Blocks ask it for room; it starts a new page when there is none.
#pragma once

#include <cstddef>
#include <string>

#include "document_model.hpp"
#include "font_face.hpp"
#include "jobkit/job_error.hpp"
#include "page_content.hpp"

namespace render_pdf {

class PageFlow {
 public:
  PageFlow(const Document& document, const FontPair& fonts, std::size_t max_pages);

  // Errors: invalid_data (65) when the document would need more than max_pages pages.
  jobkit::Status new_page();
  // Starts a new page unless height points still fit below the cursor (or the page is
  // empty, where nothing would be gained). Errors as new_page().
  jobkit::Status make_room(double height);

  // Moves the cursor down; stops at the bottom margin.
  void advance(double height);
  // Draws one line of text whose top is at the cursor, inside [x, x + width], without
  // moving the cursor.
  void place_text(const std::string& text, FontWeight weight, double font_size, double x, double width,
                  Alignment alignment, double top);
  // The height of one line of text at font_size.
  double line_height(double font_size) const;
  const FontFace& font(FontWeight weight) const { return weight == FontWeight::bold ? m_fonts.bold : m_fonts.regular; }

  PageContent& page() { return m_document.pages.back(); }
  double cursor() const { return m_cursor; }
  double left() const { return m_left; }
  double width() const { return m_right - m_left; }
  double room() const { return m_cursor - m_bottom; }
  double full_height() const { return m_top - m_bottom; }
  bool page_is_fresh() const { return m_cursor >= m_top; }

  // Adds header and footer to every page (page numbers are known only now) and hands the
  // pages over.
  LaidOutDocument finish(const Document& document);

 private:
  void add_text(PageContent& page, const std::string& text, FontWeight weight, double font_size, double x, double width,
                Alignment alignment, double top) const;
  void place_decoration(const PageDecoration& decoration, double top, std::size_t page_number);

  const FontPair& m_fonts;
  std::size_t m_max_pages;
  LaidOutDocument m_document;
  double m_left, m_right, m_top, m_bottom;
  double m_cursor;
};

}  // namespace render_pdf
