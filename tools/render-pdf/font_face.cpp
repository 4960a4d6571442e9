// FreeType behind FontFace: the file's bytes, the library and the face live together and
// die together, shared by every FontFace of that file in the process.
#include "font_face.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TAGS_H
#include FT_TRUETYPE_TABLES_H

#include <fstream>
#include <map>
#include <optional>
#include <unordered_map>

#include "jobkit/file_identity.hpp"
#include "utf8_decode.hpp"

namespace render_pdf {
namespace {

// Into anonymous memory rather than a mapping of the file: a fork server's children then
// share these pages as they are, without a page fault each.
bool read_whole_file(const std::filesystem::path& path, std::size_t size, std::string& bytes) {
  std::ifstream file(path, std::ios::binary);
  bytes.resize(size);
  return file.read(bytes.data(), static_cast<std::streamsize>(size)) && file.gcount() == static_cast<std::streamsize>(size);
}

}  // namespace

struct FontFace::Loaded {
  jobkit::FileIdentity identity;
  std::string bytes;  // FreeType reads the face from here: it must outlive the face
  FT_Library library = nullptr;
  FT_Face face = nullptr;
  double ascent = 0.8;
  double descent = -0.2;
  std::unordered_map<char32_t, double> advances;  // in units of the font size

  Loaded() = default;
  Loaded(const Loaded&) = delete;
  Loaded& operator=(const Loaded&) = delete;
  ~Loaded() {
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
  const auto identity = jobkit::identify_file(path);
  if (!identity) return JobError::make(ExitCode::missing_input, "font file " + path.string() + " does not exist", field);
  // The fonts this process has opened, by path (tools are single-threaded).
  static std::map<std::string, std::shared_ptr<Loaded>> open_fonts;
  auto& cached = open_fonts[path.string()];
  if (cached && cached->identity == *identity) return FontFace(path, cached);

  const auto not_truetype = [&] {
    return JobError::make(ExitCode::invalid_data,
                          "font file " + path.string() + " is not a single TrueType font (.ttf with glyf outlines)",
                          field);
  };
  auto loaded = std::make_shared<Loaded>();
  loaded->identity = *identity;
  if (!read_whole_file(path, static_cast<std::size_t>(identity->size), loaded->bytes)) return not_truetype();
  if (FT_Init_FreeType(&loaded->library) != 0) return JobError::make(ExitCode::internal, "FreeType could not be initialised");
  if (FT_New_Memory_Face(loaded->library, reinterpret_cast<const FT_Byte*>(loaded->bytes.data()),
                         static_cast<FT_Long>(loaded->bytes.size()), 0, &loaded->face) != 0 ||
      loaded->face->num_faces != 1 || !has_truetype_outlines(loaded->face)) {
    return not_truetype();
  }
  const double units = loaded->face->units_per_EM;
  loaded->ascent = loaded->face->ascender / units;
  loaded->descent = loaded->face->descender / units;
  cached = loaded;
  return FontFace(path, std::move(loaded));
}

FontFace::FontFace(std::filesystem::path path, std::shared_ptr<Loaded> loaded)
    : m_path(std::move(path)), m_loaded(std::move(loaded)) {}

std::string_view FontFace::file_bytes() const { return m_loaded->bytes; }
double FontFace::ascent() const { return m_loaded->ascent; }
double FontFace::descent() const { return m_loaded->descent; }

bool FontFace::has_glyph(char32_t character) const { return glyph_index(character) != 0; }
unsigned FontFace::glyph_index(char32_t character) const { return FT_Get_Char_Index(m_loaded->face, character); }

double FontFace::advance(char32_t character) const {
  auto& advances = m_loaded->advances;
  if (const auto known = advances.find(character); known != advances.end()) return known->second;
  const FT_Face face = m_loaded->face;
  double width = 0;
  if (FT_Load_Char(face, character, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING) == 0) {
    width = static_cast<double>(face->glyph->metrics.horiAdvance) / face->units_per_EM;
  }
  advances.emplace(character, width);
  return width;
}

double FontFace::text_width(std::string_view utf8, double font_size) const {
  double width = 0;
  for (const char32_t character : decode_utf8(utf8)) width += advance(character);
  return width * font_size;
}

}  // namespace render_pdf
