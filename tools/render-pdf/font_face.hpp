// One TrueType font file opened with FreeType: which characters it can draw and how wide
// they are. Layout measures text with it, so that measuring needs no PDF document.
// A process keeps each font it opened, file bytes and FreeType face, while the file stays
// the same: a fork server's children find the default fonts already loaded.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "jobkit/job_error.hpp"

namespace render_pdf {

class FontFace {
 public:
  // Opens path, or finds it already open (and unchanged) in this process. field is the
  // JSON Pointer that named the font ("" for a default font).
  // Errors: missing_input (66) when the file does not exist; invalid_data (65) when it is
  // not a TrueType font (PoDoFo 0.9 subsets only glyf-based TrueType, not CFF or .ttc).
  static jobkit::Result<FontFace> open(const std::filesystem::path& path, const std::string& field);

  const std::filesystem::path& path() const { return m_path; }
  // The whole font file, for embedding; valid as long as this FontFace.
  std::string_view file_bytes() const;
  bool has_glyph(char32_t character) const;
  // The glyph that draws the character (0: none), as the font's cmap maps it.
  unsigned glyph_index(char32_t character) const;
  // Width of UTF-8 text at font_size points, from the font's advance widths (no kerning,
  // as PoDoFo 0.9 draws none).
  double text_width(std::string_view utf8, double font_size) const;
  // Distances from the baseline in units of the font size: ascent > 0, descent < 0.
  double ascent() const;
  double descent() const;

 private:
  struct Loaded;
  FontFace(std::filesystem::path path, std::shared_ptr<Loaded> loaded);
  double advance(char32_t character) const;  // in units of the font size

  std::filesystem::path m_path;
  std::shared_ptr<Loaded> m_loaded;  // shared with the process's cache of open fonts
};

// The regular and bold faces a document is drawn with.
struct FontPair {
  FontFace regular;
  FontFace bold;
};

}  // namespace render_pdf
