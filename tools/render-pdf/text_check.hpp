// Checks, before anything is drawn, that every character of every text can be drawn
// correctly. PoDoFo 0.9 draws a missing glyph as an invisible box without any error, and it
// neither reorders right-to-left text nor shapes complex scripts, so such text is rejected
// here instead of coming out as boxes or reversed words.
#pragma once

#include "data_sources.hpp"
#include "document_model.hpp"
#include "font_face.hpp"
#include "jobkit/job_error.hpp"

namespace render_pdf {

// Errors: invalid_data (65) naming each field that holds characters the fonts cannot draw
// (listing the characters and their code points), right-to-left or shaping scripts,
// or control characters other than "\n". A text made from the job's data (sources, from a
// filled template) is reported against the data field that holds the characters, once.
jobkit::Status check_drawable_text(const Document& document, const FontPair& fonts, const DataSources& sources = {});

}  // namespace render_pdf
