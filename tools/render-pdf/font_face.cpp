// FreeType behind FontFace: the library and face live together and die together.
#include "font_face.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TAGS_H
#include FT_TRUETYPE_TABLES_H

#include <system_error>

#include "utf8_decode.hpp"

namespace render_pdf {

struct FontFace::Library {
  FT_Library library = nullptr;
  FT_Face face = nullptr;
  ~Library() {
    if (face) FT_Done_Face(face);
    if (library) FT_Done_FreeType(library);
  }
};

namespace {

using jobkit::ExitCode;
using jobkit::JobError;

// PoDoFo 0.9's subsetter copies glyf/loca tables; CFF-flavoured OpenType has neither.
bool has_truetype_outlines(FT_Face face) {
  FT_ULong length = 0;
  return FT_IS_SFNT(face) && FT_Load_Sfnt_Table(face, TTAG_glyf, 0, nullptr, &length) == 0 && length > 0;
}

}  // namespace

jobkit::Result<FontFace> FontFace::open(const std::filesystem::path& path, const std::string& field) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return JobError::make(ExitCode::missing_input, "font file " + path.string() + " does not exist", field);
  }
  auto library = std::make_unique<Library>();
  if (FT_Init_FreeType(&library->library) != 0) {
    return JobError::make(ExitCode::internal, "FreeType could not be initialised");
  }
  if (FT_New_Face(library->library, path.c_str(), 0, &library->face) != 0 || library->face->num_faces != 1 ||
      !has_truetype_outlines(library->face)) {
    return JobError::make(ExitCode::invalid_data,
                          "font file " + path.string() + " is not a single TrueType font (.ttf with glyf outlines)",
                          field);
  }
  FontFace font(path, std::move(library));
  const FT_Face face = font.m_library->face;
  const double units = face->units_per_EM;
  font.m_ascent = face->ascender / units;
  font.m_descent = face->descender / units;
  return font;
}

FontFace::FontFace(std::filesystem::path path, std::unique_ptr<Library> library)
    : m_path(std::move(path)), m_library(std::move(library)) {}
FontFace::FontFace(FontFace&&) noexcept = default;
FontFace& FontFace::operator=(FontFace&&) noexcept = default;
FontFace::~FontFace() = default;

bool FontFace::has_glyph(char32_t character) const { return FT_Get_Char_Index(m_library->face, character) != 0; }

double FontFace::advance(char32_t character) const {
  if (const auto known = m_advances.find(character); known != m_advances.end()) return known->second;
  const FT_Face face = m_library->face;
  double width = 0;
  if (FT_Load_Char(face, character, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING) == 0) {
    width = static_cast<double>(face->glyph->metrics.horiAdvance) / face->units_per_EM;
  }
  m_advances.emplace(character, width);
  return width;
}

double FontFace::text_width(std::string_view utf8, double font_size) const {
  double width = 0;
  for (const char32_t character : decode_utf8(utf8)) width += advance(character);
  return width * font_size;
}

}  // namespace render_pdf
