// The PDF text operators of a page (BT ... ET for every text run), written directly: the
// same text PoDoFo's PdfPainter::DrawText would write, without formatting each number
// through an ostream (which made DrawText the costliest part of painting).
#pragma once

#include <string>
#include <vector>

#include "font_face.hpp"
#include "page_content.hpp"

namespace render_pdf {

// A font as the page's resources name it ("Ft4"), drawn with the Identity-H encoding: each
// character is written as its glyph index in the font file, two bytes, in hex.
struct TextFont {
  std::string resource_name;
  const FontFace* face = nullptr;
};

std::string text_operators(const std::vector<TextRun>& runs, const TextFont& regular, const TextFont& bold);

// Each character of the runs in that weight once, as UTF-8: what the font subset must hold.
std::string characters_used(const std::vector<TextRun>& runs, FontWeight weight);

}  // namespace render_pdf
