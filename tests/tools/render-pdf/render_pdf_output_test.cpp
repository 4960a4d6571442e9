// What render-pdf writes, read back with poppler-utils and qpdf: text, fonts, pages,
// pixels, images and metadata.
#include <doctest/doctest.h>

#include <regex>
#include <sstream>
#include <string>

#include "render_pdf_harness.hpp"

using namespace render_pdf_test;
using nlohmann::json;

namespace {

const std::vector<std::string> k_scripts = {"Zürich", "Łódź", "Ελλάδα", "Москва", "€", "№"};

json multilingual_blocks() {
  return json::array({
      {{"type", "heading"}, {"text", "Rechnung № 2026-0042"}},
      {{"type", "paragraph"}, {"text", "Bahnhofstraße 1, 8001 Zürich. Dostawa: Łódź. Αποστολή: Ελλάδα. Доставка: Москва."}},
      {{"type", "key_value"}, {"items", {{{"key", "Total"}, {"value", "1 234,50 €"}}}}},
      {{"type", "rule"}},
      {{"type", "table"},
       {"columns", {{{"title", "Item"}}, {{"title", "Amount"}, {"align", "right"}}}},
       {"rows", json::array({json::array({"Beratung Zürich", "100,00 €"}), json::array({"Консультация", "5,00 €"})})}},
  });
}

json three_hundred_row_table() {
  json rows = json::array();
  for (int row = 1; row <= 300; ++row) rows.push_back({"Row " + std::to_string(row), "Item " + std::to_string(row), "9,99 €"});
  return json::array({{{"type", "table"},
                       {"columns", {{{"title", "Number"}}, {{"title", "Description"}, {"width", 3}}, {{"title", "Price"}}}},
                       {"rows", rows}}});
}

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

}  // namespace

TEST_CASE("render-pdf writes Latin Greek and Cyrillic text that pdftotext reads back") {
  const RenderPdf tool;
  const auto run = tool.run(document_job(multilingual_blocks()));
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  const json result = result_of(run);
  CHECK(result["path"] == "out/document.pdf");
  CHECK(result["pages"] == 1);
  CHECK(result["bytes"].get<std::size_t>() == std::filesystem::file_size(tool.stored("out/document.pdf")));
  // The digest the result gives is the stored file's, as coreutils computes it.
  const std::string sha256sum = output_of({"/usr/bin/sha256sum", tool.stored("out/document.pdf").string()});
  CHECK(result["sha256"].get<std::string>() == sha256sum.substr(0, sha256sum.find(' ')));
  CHECK_FALSE(result.contains("enqueue"));
  const std::string text = pdf_text(tool.stored("out/document.pdf"));
  for (const auto& word : k_scripts) CHECK_MESSAGE(text.find(word) != std::string::npos, word);
  CHECK(qpdf_finds_no_errors(tool.stored("out/document.pdf")));
}

TEST_CASE("render-pdf embeds both fonts as subsets with Unicode maps") {
  const RenderPdf tool;
  REQUIRE(tool.run(document_job(multilingual_blocks())).exit_code == 0);
  std::istringstream fonts(pdf_fonts(tool.stored("out/document.pdf")));
  const std::regex subset_line(R"(^[A-Z]{6}\+DejaVuSans(-Bold)? +CID TrueType +Identity-H +yes +yes +yes .*)");
  int subsets = 0;
  for (std::string line; std::getline(fonts, line);) {
    if (line.find("DejaVu") == std::string::npos) continue;
    CHECK_MESSAGE(std::regex_match(line, subset_line), line);
    ++subsets;
  }
  CHECK(subsets == 2);
}

TEST_CASE("a 300-row table fills the expected pages with its header row on every page") {
  const RenderPdf tool;
  json job = document_job(three_hundred_row_table());
  job["document"]["footer"] = {{"center", "Page {page} of {pages}"}};
  const auto run = tool.run(job);
  REQUIRE(run.exit_code == 0);
  const auto pdf = tool.stored("out/document.pdf");
  // A4, 56 pt margins, 9 pt rows of 18.5 pt: a header and 38 rows per page.
  REQUIRE(pdf_pages(pdf) == 8);
  CHECK(result_of(run)["pages"] == 8);
  CHECK(qpdf_finds_no_errors(pdf));
  std::string all_pages;
  for (int page = 1; page <= 8; ++page) {
    const std::string text = pdf_text(pdf, page);
    CHECK_MESSAGE(count_of(text, "Description") == 1, "page " << page);
    CHECK(text.find("Page " + std::to_string(page) + " of 8") != std::string::npos);
    all_pages += text;
  }
  for (int row = 1; row <= 300; ++row) {
    CHECK_MESSAGE(count_of(all_pages, "Row " + std::to_string(row) + " ") == 1, "row " << row);
  }
}

TEST_CASE("the first page rendered by pdftoppm is not blank") {
  const RenderPdf tool;
  REQUIRE(tool.run(document_job(multilingual_blocks())).exit_code == 0);
  const double dark = dark_share_of_first_page(tool.stored("out/document.pdf"));
  CHECK(dark > 0.002);  // text, rules and the table header band
  CHECK(dark < 0.5);
}

TEST_CASE("document metadata and PDF version reach the info dictionary") {
  const RenderPdf tool;
  json job = document_job(multilingual_blocks());
  job["document"]["title"] = "Rechnung – Zürich";
  job["document"]["author"] = "Łukasz";
  job["document"]["subject"] = "Счёт";
  job["document"]["page"] = {{"size", "Letter"}, {"orientation", "landscape"}};
  REQUIRE(tool.run(job).exit_code == 0);
  const std::string info = output_of({"/usr/bin/pdfinfo", tool.stored("out/document.pdf").string()});
  CHECK(info.find("Title:           Rechnung – Zürich") != std::string::npos);
  CHECK(info.find("Author:          Łukasz") != std::string::npos);
  CHECK(info.find("Subject:         Счёт") != std::string::npos);
  CHECK(info.find("PDF version:     1.7") != std::string::npos);
  CHECK(info.find("792 x 612 pts") != std::string::npos);
}

TEST_CASE("JPEG and PNG images from storage are drawn scaled to fit") {
  const RenderPdf tool;
  REQUIRE(tool.run(document_job(multilingual_blocks(), "source.pdf")).exit_code == 0);
  page_as_image(tool.stored("source.pdf"), "jpeg", tool.stored("logo"));
  page_as_image(tool.stored("source.pdf"), "png", tool.stored("photo"));
  const json blocks = json::array({{{"type", "image"}, {"path", "logo.jpg"}, {"width", 120}},
                                   {{"type", "image"}, {"path", "photo.png"}, {"width", 1500}, {"align", "center"}},
                                   {{"type", "paragraph"}, {"text", "After the images"}}});
  const auto run = tool.run(document_job(blocks));
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  const auto pdf = tool.stored("out/document.pdf");
  CHECK(qpdf_finds_no_errors(pdf));
  const std::string images = output_of({"/usr/bin/pdfimages", "-list", pdf.string()});
  CHECK(images.find(" jpeg ") != std::string::npos);
  CHECK(count_of(images, "\n") == 2 + 2);  // two heading lines, one line per image
  CHECK(pdf_text(pdf).find("After the images") != std::string::npos);
}

TEST_CASE("every block type lays out and page breaks start new pages") {
  const RenderPdf tool;
  const json blocks = json::array({
      {{"type", "heading"}, {"text", "One"}, {"level", 1}},
      {{"type", "heading"}, {"text", "Two"}, {"level", 2}},
      {{"type", "heading"}, {"text", "Three"}, {"level", 3}},
      {{"type", "paragraph"}, {"text", "Centred\nsecond line"}, {"align", "center"}, {"font_size", 12}},
      {{"type", "spacer"}, {"height", 30}},
      {{"type", "rule"}, {"thickness", 2}},
      {{"type", "page_break"}},
      {{"type", "paragraph"}, {"text", "Second page"}},
      {{"type", "page_break"}},
      {{"type", "paragraph"}, {"text", std::string(3000, 'x')}},
  });
  const auto run = tool.run(document_job(blocks));
  REQUIRE(run.exit_code == 0);
  const auto pdf = tool.stored("out/document.pdf");
  CHECK(pdf_pages(pdf) == 3);
  CHECK(pdf_text(pdf, 2).find("Second page") != std::string::npos);
  CHECK(pdf_text(pdf, 1).find("second line") != std::string::npos);
  CHECK(count_of(pdf_text(pdf, 3), "x") == 3000);  // a word too long for a line is cut, not lost
}
