// Paints a laid-out document with PoDoFo 0.9.8 and returns the PDF's bytes. This is the only
// file that includes PoDoFo: its API differs completely from 0.10+, so an upgrade touches
// this file alone.
#pragma once

#include <string>
#include <vector>

#include "document_model.hpp"
#include "font_face.hpp"
#include "image_file.hpp"
#include "jobkit/job_error.hpp"
#include "page_content.hpp"

namespace render_pdf {

// PDF 1.7 with both fonts embedded as TrueType subsets (Identity-H, with ToUnicode maps)
// and images[i] drawn wherever a PlacedImage has image_index i.
// Errors: invalid_data (65) naming image_fields[i] when PoDoFo cannot decode image i;
// internal (70) for any other PoDoFo error.
jobkit::Result<std::string> write_pdf(const LaidOutDocument& document, const DocumentInfo& info, const FontPair& fonts,
                                      const std::vector<ImageFile>& images, const std::vector<std::string>& image_fields);

}  // namespace render_pdf
