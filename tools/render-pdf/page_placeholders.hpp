// "{page}" and "{pages}" in headers and footers. Only the document's own text may hold
// them: a job's document, or a template's skeleton, never the data filled into a template.
// So they are turned into marks when that text is read (bytes 0xFE and 0xFF, which no
// UTF-8 text parsed from JSON can contain), and only marks become numbers on the page.
#pragma once

#include <cstddef>
#include <string>

namespace render_pdf {

// text with "{page}" and "{pages}" replaced by their marks. A Mustache tag such as
// "{{page}}" is left alone.
std::string mark_page_placeholders(std::string text);

// text with the marks replaced by the page number and the page count.
std::string fill_page_placeholders(std::string text, std::size_t page, std::size_t pages);

}  // namespace render_pdf
