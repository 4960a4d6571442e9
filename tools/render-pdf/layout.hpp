// Layout: turns the document model into pages of positioned text, lines, boxes and images.
#pragma once

#include <cstddef>
#include <vector>

#include "document_model.hpp"
#include "font_face.hpp"
#include "jobkit/job_error.hpp"
#include "page_content.hpp"

namespace render_pdf {

class PageFlow;

struct PixelSize {
  double width = 0;
  double height = 0;
};

// images[i] is the size of the image whose Image::image_index is i.
// Errors: invalid_data (65) when the document needs more than max_pages pages, or a table
// row is taller than a whole page.
jobkit::Result<LaidOutDocument> lay_out(const Document& document, const FontPair& fonts,
                                        const std::vector<PixelSize>& images, std::size_t max_pages);

// Tables have their own file (layout_table.cpp): header rows repeat after page breaks.
jobkit::Status lay_out_table(const Table& table, PageFlow& flow);

}  // namespace render_pdf
