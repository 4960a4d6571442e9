// PoDoFo 0.9.8: document, subset fonts, images, painting, metadata, bytes.
#include "pdf_writer.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <podofo/podofo.h>

#include <memory>

#include "deflate.hpp"
#include "text_operators.hpp"

namespace render_pdf {
namespace {

using jobkit::ExitCode;
using jobkit::JobError;

// A plain const char* would be read as PDFDocEncoding, not UTF-8 ("ZÃ¼rich").
PoDoFo::PdfString unicode(const std::string& utf8) {
  return PoDoFo::PdfString(reinterpret_cast<const PoDoFo::pdf_utf8*>(utf8.c_str()));
}

// A subset font made from the bytes FontFace already holds, rather than by PoDoFo's font
// cache, which would read and parse the file again for every document. Identity encoding:
// WinAnsi would silently drop "Ł" and "№". The prefix only has to differ between the
// document's fonts. The metrics keep a pointer to `freetype`, which must outlive the font.
std::unique_ptr<PoDoFo::PdfFont> create_subset_font(PoDoFo::PdfMemDocument& document, FT_Library* freetype,
                                                    const FontFace& face, const char* subset_prefix) {
  const std::string_view bytes = face.file_bytes();
  PoDoFo::PdfRefCountedBuffer buffer(const_cast<char*>(bytes.data()), bytes.size());
  buffer.SetTakePossesion(false);  // FontFace owns the bytes; PoDoFo only reads them
  auto* metrics = new PoDoFo::PdfFontMetricsFreetype(freetype, buffer, false, subset_prefix);
  // Takes the metrics, and deletes them itself when it fails.
  return std::unique_ptr<PoDoFo::PdfFont>(PoDoFo::PdfFontFactory::CreateFontObject(
      metrics, PoDoFo::ePdfFont_Embedded | PoDoFo::ePdfFont_Subsetting,
      PoDoFo::PdfEncodingFactory::GlobalIdentityEncodingInstance(), &document.GetObjects()));
}

struct Fonts {
  PoDoFo::PdfFont* regular;
  PoDoFo::PdfFont* bold;
};

void add_font_resources(PoDoFo::PdfCanvas& page, const Fonts& fonts) {
  PoDoFo::PdfDictionary& resources = page.GetResources()->GetDictionary();
  if (!resources.HasKey("Font")) resources.AddKey("Font", PoDoFo::PdfDictionary());
  PoDoFo::PdfDictionary& font_resources = resources.GetKey("Font")->GetDictionary();
  for (PoDoFo::PdfFont* font : {fonts.regular, fonts.bold}) {
    font_resources.AddKey(font->GetIdentifier(), font->GetObject()->Reference());
  }
}

// Draws the stored pixels into the placed box as people see the photo: the image is drawn
// in the unit square, and the matrix maps that square onto the box turned and mirrored as
// its EXIF orientation says (1 upright, 3 half a turn, 6 a quarter turn clockwise, 8
// anticlockwise, 2, 4, 5 and 7 the mirrored forms).
void draw_upright(PoDoFo::PdfPainter& painter, PoDoFo::PdfImage& image, const PlacedImage& placed, int orientation) {
  const double x = placed.x;
  const double y = placed.y;
  const double w = placed.width;
  const double h = placed.height;
  struct Matrix { double a, b, c, d, e, f; };
  Matrix m{w, 0, 0, h, x, y};
  switch (orientation) {
    case 2: m = {-w, 0, 0, h, x + w, y}; break;
    case 3: m = {-w, 0, 0, -h, x + w, y + h}; break;
    case 4: m = {w, 0, 0, -h, x, y + h}; break;
    case 5: m = {0, -h, -w, 0, x + w, y + h}; break;
    case 6: m = {0, -h, w, 0, x, y + h}; break;
    case 7: m = {0, h, w, 0, x, y}; break;
    case 8: m = {0, h, -w, 0, x + w, y}; break;
    default: break;
  }
  painter.Save();
  painter.SetTransformationMatrix(m.a, m.b, m.c, m.d, m.e, m.f);
  painter.DrawImage(0, 0, &image, 1.0 / image.GetWidth(), 1.0 / image.GetHeight());
  painter.Restore();
}

void paint_page(PoDoFo::PdfPainter& painter, const PageContent& page, const Fonts& fonts, const FontPair& faces,
                const std::vector<std::unique_ptr<PoDoFo::PdfImage>>& images, const std::vector<ImageFile>& files) {
  for (const auto& box : page.boxes) {
    painter.SetColor(box.gray.level, box.gray.level, box.gray.level);
    painter.Rectangle(box.x, box.y, box.width, box.height);
    painter.Fill();
  }
  for (const auto& line : page.lines) {
    painter.SetStrokingColor(line.gray.level, line.gray.level, line.gray.level);
    painter.SetStrokeWidth(line.thickness);
    painter.DrawLine(line.x1, line.y1, line.x2, line.y2);
  }
  for (const auto& placed : page.images) {
    draw_upright(painter, *images.at(placed.image_index), placed, files.at(placed.image_index).orientation);
  }
  if (page.texts.empty()) return;
  painter.SetColor(0, 0, 0);
  // The text operators go straight into the page's content stream, after what the painter
  // wrote; the fonts they name become resources of the page, as DrawText would make them.
  add_font_resources(*painter.GetPage(), fonts);
  painter.GetCanvas()->Append(text_operators(page.texts, {fonts.regular->GetIdentifier().GetName(), &faces.regular},
                                             {fonts.bold->GetIdentifier().GetName(), &faces.bold}));
}

// What DrawText did for each run: tell the subset font which characters it must hold.
void mark_characters_used(const LaidOutDocument& laid_out, const Fonts& fonts) {
  std::vector<TextRun> runs;
  for (const auto& page : laid_out.pages) runs.insert(runs.end(), page.texts.begin(), page.texts.end());
  for (const auto& [font, weight] : {std::pair{fonts.regular, FontWeight::regular}, std::pair{fonts.bold, FontWeight::bold}}) {
    const PoDoFo::PdfString characters = unicode(characters_used(runs, weight));
    font->AddUsedSubsettingGlyphs(characters, characters.GetCharacterLength());
  }
}

std::unique_ptr<PoDoFo::PdfImage> load_image(PoDoFo::PdfMemDocument& document, const ImageFile& file) {
  auto image = std::make_unique<PoDoFo::PdfImage>(&document);
  const auto* data = reinterpret_cast<const unsigned char*>(file.bytes.data());
  const auto length = static_cast<PoDoFo::pdf_long>(file.bytes.size());
  if (file.format == ImageFormat::jpeg) image->LoadFromJpegData(data, length);
  else image->LoadFromPngData(data, length);
  return image;
}

jobkit::Result<std::vector<std::unique_ptr<PoDoFo::PdfImage>>> load_images(PoDoFo::PdfMemDocument& document,
                                                                           const std::vector<ImageFile>& files,
                                                                           const std::vector<std::string>& fields) {
  std::vector<std::unique_ptr<PoDoFo::PdfImage>> images;
  for (std::size_t index = 0; index < files.size(); ++index) {
    try {
      images.push_back(load_image(document, files[index]));
    } catch (const PoDoFo::PdfError& error) {
      return JobError::make(ExitCode::invalid_data,
                            std::string("image cannot be decoded: ") + PoDoFo::PdfError::ErrorName(error.GetError()),
                            fields.at(index));
    }
  }
  return images;
}

void set_info(PoDoFo::PdfInfo& target, const DocumentInfo& info) {
  if (!info.title.value.empty()) target.SetTitle(unicode(info.title.value));
  if (!info.author.value.empty()) target.SetAuthor(unicode(info.author.value));
  if (!info.subject.value.empty()) target.SetSubject(unicode(info.subject.value));
  target.SetCreator(unicode("jobkit render-pdf"));
}

// PoDoFo 0.9 compresses each stream with zlib at its default level as it is written, and
// that was the largest single cost of a small document (the two font subsets above all).
// Streams are therefore made plain (eDefaultFilter) and compressed here once, the fonts
// subsets first, with libdeflate: the same FlateDecode, in about half the time.
void compress_plain_streams(PoDoFo::PdfMemDocument& document, const Fonts& fonts) {
  fonts.regular->EmbedSubsetFont();
  fonts.bold->EmbedSubsetFont();
  for (PoDoFo::PdfObject* object : document.GetObjects()) {
    if (!object->HasStream() || object->GetDictionary().HasKey(PoDoFo::PdfName::KeyFilter)) continue;
    char* plain = nullptr;
    PoDoFo::pdf_long length = 0;
    object->GetStream()->GetCopy(&plain, &length);
    const std::string packed = deflate_zlib(std::string_view(plain, static_cast<std::size_t>(length)));
    PoDoFo::podofo_free(plain);
    PoDoFo::PdfMemoryInputStream input(packed.data(), static_cast<PoDoFo::pdf_long>(packed.size()));
    object->GetStream()->SetRawData(&input, static_cast<PoDoFo::pdf_long>(packed.size()));
    object->GetDictionary().AddKey(PoDoFo::PdfName::KeyFilter, PoDoFo::PdfName("FlateDecode"));
  }
}

jobkit::Result<std::string> build(const LaidOutDocument& laid_out, const DocumentInfo& info, const FontPair& fonts,
                                  const std::vector<ImageFile>& files, const std::vector<std::string>& fields) {
  PoDoFo::PdfMemDocument document;
  document.SetPdfVersion(PoDoFo::ePdfVersion_1_7);
  FT_Library freetype = document.GetFontLibrary();  // the document's own, declared before the fonts
  const auto regular = create_subset_font(document, &freetype, fonts.regular, "AAAAAA+");
  const auto bold = create_subset_font(document, &freetype, fonts.bold, "BAAAAA+");
  if (!regular || !bold) return JobError::make(ExitCode::internal, "PoDoFo could not load the fonts");
  const Fonts pdf_fonts{regular.get(), bold.get()};
  auto images = load_images(document, files, fields);
  if (!images) return images.error();

  const PoDoFo::PdfRect page_size(0, 0, laid_out.page_width, laid_out.page_height);
  for (const auto& page : laid_out.pages) {
    PoDoFo::PdfPainter painter;
    painter.SetPage(document.CreatePage(page_size));
    paint_page(painter, page, pdf_fonts, fonts, images.value(), files);
    painter.FinishPage();
  }
  mark_characters_used(laid_out, pdf_fonts);
  set_info(*document.GetInfo(), info);
  compress_plain_streams(document, pdf_fonts);

  PoDoFo::PdfRefCountedBuffer buffer;
  PoDoFo::PdfOutputDevice device(&buffer);
  document.Write(&device);
  return std::string(buffer.GetBuffer(), device.GetLength());
}

}  // namespace

jobkit::Result<std::string> write_pdf(const LaidOutDocument& document, const DocumentInfo& info, const FontPair& fonts,
                                      const std::vector<ImageFile>& images, const std::vector<std::string>& image_fields) {
  PoDoFo::PdfError::EnableLogging(false);
  PoDoFo::PdfError::EnableDebug(false);
  PoDoFo::PdfStream::eDefaultFilter = PoDoFo::ePdfFilter_None;  // see compress_plain_streams
  try {
    return build(document, info, fonts, images, image_fields);
  } catch (const PoDoFo::PdfError& error) {
    return JobError::make(ExitCode::internal, std::string("PoDoFo failed: ") + PoDoFo::PdfError::ErrorName(error.GetError()));
  }
}

}  // namespace render_pdf
