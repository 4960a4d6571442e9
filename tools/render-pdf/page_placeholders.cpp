// Marking and filling the page number placeholders of headers and footers.
#include "page_placeholders.hpp"

#include <string_view>

namespace render_pdf {
namespace {

constexpr char k_page_mark = '\xFE';
constexpr char k_pages_mark = '\xFF';

// Replaces `placeholder` by `mark` where it is not part of a Mustache tag ("{{page}}").
std::string mark(std::string text, std::string_view placeholder, char mark) {
  for (std::size_t at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + 1)) {
    const bool in_tag = (at > 0 && text[at - 1] == '{') ||
                        (at + placeholder.size() < text.size() && text[at + placeholder.size()] == '}');
    if (!in_tag) text.replace(at, placeholder.size(), 1, mark);
  }
  return text;
}

}  // namespace

std::string mark_page_placeholders(std::string text) {
  return mark(mark(std::move(text), "{pages}", k_pages_mark), "{page}", k_page_mark);
}

std::string fill_page_placeholders(std::string text, std::size_t page, std::size_t pages) {
  std::string filled;
  filled.reserve(text.size());
  for (const char c : text) {
    if (c == k_page_mark) filled += std::to_string(page);
    else if (c == k_pages_mark) filled += std::to_string(pages);
    else filled += c;
  }
  return filled;
}

}  // namespace render_pdf
