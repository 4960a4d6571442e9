// The laid-out document: what to draw where on each page, in PDF points with the origin at
// the bottom-left corner. Painting it needs no further decisions.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "document_model.hpp"

namespace render_pdf {

struct Gray {
  double level = 0;  // 0 black .. 1 white
};

struct TextRun {
  double x = 0;
  double baseline = 0;
  FontWeight weight = FontWeight::regular;
  double font_size = 10;
  std::string text;  // one line of UTF-8, no "\n"
};

struct LineSegment {
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  double thickness = 0.5;
  Gray gray;
};

struct FilledBox {
  double x = 0, y = 0, width = 0, height = 0;
  Gray gray;
};

struct PlacedImage {
  double x = 0, y = 0, width = 0, height = 0;
  std::size_t image_index = 0;
};

struct PageContent {
  std::vector<FilledBox> boxes;  // drawn first, under everything else
  std::vector<LineSegment> lines;
  std::vector<PlacedImage> images;
  std::vector<TextRun> texts;

  bool empty() const { return boxes.empty() && lines.empty() && images.empty() && texts.empty(); }
};

struct LaidOutDocument {
  double page_width = 0;
  double page_height = 0;
  std::vector<PageContent> pages;
};

}  // namespace render_pdf
