// Where the texts of a filled template came from: for each text of the document model (by
// its JSON Pointer in the model), the job's data values that were put into it. Errors about
// a text can then name the user's field (/data/buyer/name) instead of a place in a template
// the user never wrote.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace render_pdf {

struct DataSource {
  std::string field;  // JSON Pointer into the job: /data/...
  std::string text;   // the value as it was put into the text (strings only)
};

// Model pointer (/blocks/3/rows/0/1) -> the data strings in that text, in order.
using DataSources = std::map<std::string, std::vector<DataSource>>;

}  // namespace render_pdf
