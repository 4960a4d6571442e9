// deflate_zlib's output read back with zlib itself, as PDF readers inflate FlateDecode.
#include <doctest/doctest.h>

#include <zlib.h>

#include <random>
#include <string>

#include "deflate.hpp"

namespace {

std::string inflate_with_zlib(const std::string& packed, std::size_t expected_size) {
  std::string plain(expected_size + 1, '\0');  // one spare byte: longer output would show
  uLongf length = plain.size();
  const int status = ::uncompress(reinterpret_cast<Bytef*>(plain.data()), &length,
                                  reinterpret_cast<const Bytef*>(packed.data()), packed.size());
  REQUIRE(status == Z_OK);
  plain.resize(length);
  return plain;
}

}  // namespace

TEST_CASE("deflate_zlib: zlib inflates it back to the same bytes") {
  std::mt19937 random(42);
  std::string noise(300000, '\0');
  for (auto& byte : noise) byte = static_cast<char>(random());
  std::string text;
  for (int row = 0; row < 2000; ++row) text += "BT /F1 9 Tf 56.7 " + std::to_string(700 - row % 60) + " Td <0041> Tj ET\n";
  for (const std::string& data : {std::string(), std::string("x"), text, noise}) {
    CAPTURE(data.size());
    const std::string packed = render_pdf::deflate_zlib(data);
    REQUIRE(packed.size() >= 6);
    CHECK(static_cast<unsigned char>(packed[0]) == 0x78);  // zlib header: deflate, 32 KiB window
    CHECK(inflate_with_zlib(packed, data.size()) == data);
  }
  CHECK(render_pdf::deflate_zlib(text).size() < text.size() / 10);
}
