// Format recognition by content and output format names.
#include "image_format.hpp"

#include <doctest/doctest.h>

#include <string>

namespace optimize_image {
namespace {

using namespace std::string_literals;

TEST_CASE("sniff_format recognises accepted formats by their first bytes") {
  CHECK(sniff_format("\xFF\xD8\xFF\xE0rest"s).sniffed == InputFormat::jpeg);
  CHECK(sniff_format("\x89PNG\r\n\x1A\nrest"s).sniffed == InputFormat::png);
  CHECK(sniff_format("RIFF\x10\0\0\0WEBPVP8 "s).sniffed == InputFormat::webp);
  CHECK(sniff_format("GIF89a..."s).sniffed == InputFormat::gif);
  CHECK(sniff_format("GIF87a..."s).sniffed == InputFormat::gif);
  CHECK(sniff_format("II*\0\x08\0\0\0"s).sniffed == InputFormat::tiff);
  CHECK(sniff_format("MM\0*\0\0\0\x08"s).sniffed == InputFormat::tiff);
  CHECK(sniff_format("\0\0\0\x1C" "ftypheic\0\0\0\0"s).sniffed == InputFormat::heif);
  CHECK(sniff_format("\0\0\0\x1C" "ftypavif\0\0\0\0"s).sniffed == InputFormat::avif);
}

TEST_CASE("sniff_format refuses other content and says what it looks like") {
  CHECK(sniff_format("").description == "an empty file");
  CHECK(sniff_format("<svg xmlns='http://www.w3.org/2000/svg'/>").description == "an SVG or XML document");
  CHECK(sniff_format("\xEF\xBB\xBF  <?xml version='1.0'?>").description == "an SVG or XML document");
  CHECK(sniff_format("%PDF-1.7").description == "a PDF document");
  CHECK(sniff_format("hello\nworld").description == "text");
  CHECK(sniff_format("\0\0\0\x1C" "ftypmp42\0\0\0\0"s).description == "an unknown binary format");
  CHECK(sniff_format("RIFF\x10\0\0\0WAVEfmt "s).description == "an unknown binary format");
  CHECK_FALSE(sniff_format("%PDF-1.7").sniffed);
}

TEST_CASE("output formats map to names and extensions") {
  CHECK(format_for_extension("JPG") == OutputFormat::jpeg);
  CHECK(format_for_extension("jpeg") == OutputFormat::jpeg);
  CHECK(format_for_extension("avif") == OutputFormat::avif);
  CHECK_FALSE(format_for_extension("gif"));
  CHECK(output_extension(OutputFormat::jpeg) == "jpg");
  CHECK(parse_output_format("png") == OutputFormat::png);
  CHECK_FALSE(parse_output_format("jpg"));
  CHECK_FALSE(supports_alpha(OutputFormat::jpeg));
}

}  // namespace
}  // namespace optimize_image
