// The DejaVu fonts Debian installs, which render-pdf uses by default, opened for unit tests.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "font_face.hpp"

namespace render_pdf_test {

inline const std::filesystem::path k_dejavu = "/usr/share/fonts/truetype/dejavu";

inline render_pdf::FontFace open_font(const std::string& name) {
  auto font = render_pdf::FontFace::open(k_dejavu / name, "");
  REQUIRE(font.ok());
  return std::move(font.value());
}

}  // namespace render_pdf_test
