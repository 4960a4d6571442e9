// Reads the document model from JSON (a job's "document" member or a filled template).
#pragma once

#include "document_model.hpp"
#include "jobkit/json_fields.hpp"

namespace render_pdf {

// The most a document may hold; a bigger one is invalid data (65) naming the field.
struct DocumentLimits {
  std::size_t max_blocks = 5000;
  std::size_t max_table_rows = 10000;
  std::size_t max_table_columns = 20;
  std::size_t max_text_bytes = 20000;
};

// Where the document comes from: a job's own document, whose header and footer may use
// "{page}" and "{pages}", or a filled template, whose skeleton's placeholders are already
// marked (fill_template) and whose data must stay literal.
enum class DocumentSource { job, filled_template };

// Reads every member of object into a Document, recording each bad field in the object's
// problems (see read_fields).
Document read_document(jobkit::JsonObject object, DocumentSource source, const DocumentLimits& limits = {});

}  // namespace render_pdf
