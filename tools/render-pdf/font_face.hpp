// One TrueType font file opened with FreeType: which characters it can draw and how wide
// they are. Layout measures text with it, so that measuring needs no PDF document.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "jobkit/job_error.hpp"

namespace render_pdf {

class FontFace {
 public:
  // Opens path. field is the JSON Pointer that named the font ("" for a default font).
  // Errors: missing_input (66) when the file does not exist; invalid_data (65) when it is
  // not a TrueType font (PoDoFo 0.9 subsets only glyf-based TrueType, not CFF or .ttc).
  static jobkit::Result<FontFace> open(const std::filesystem::path& path, const std::string& field);

  FontFace(FontFace&&) noexcept;
  FontFace& operator=(FontFace&&) noexcept;
  ~FontFace();

  const std::filesystem::path& path() const { return m_path; }
  bool has_glyph(char32_t character) const;
  // Width of UTF-8 text at font_size points, from the font's advance widths (no kerning,
  // as PoDoFo 0.9 draws none).
  double text_width(std::string_view utf8, double font_size) const;
  // Distances from the baseline in units of the font size: ascent > 0, descent < 0.
  double ascent() const { return m_ascent; }
  double descent() const { return m_descent; }

 private:
  struct Library;
  FontFace(std::filesystem::path path, std::unique_ptr<Library> library);
  double advance(char32_t character) const;  // in units of the font size

  std::filesystem::path m_path;
  std::unique_ptr<Library> m_library;
  double m_ascent = 0.8;
  double m_descent = -0.2;
  mutable std::unordered_map<char32_t, double> m_advances;
};

// The regular and bold faces a document is drawn with.
struct FontPair {
  FontFace regular;
  FontFace bold;
};

}  // namespace render_pdf
