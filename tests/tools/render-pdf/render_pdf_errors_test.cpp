// Bad jobs get a clear error naming the field, with the job contract's exit code, and never
// a partial file at the output path.
#include <doctest/doctest.h>

#include <signal.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "render_pdf_harness.hpp"

using namespace render_pdf_test;
using nlohmann::json;

namespace {

json paragraph(const std::string& text) { return {{"type", "paragraph"}, {"text", text}}; }

std::string message_of(const json& error) { return error["message"].get<std::string>(); }

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

// A PNG signature and an IHDR chunk claiming width x height; no pixel data follows.
std::string png_header(std::uint32_t width, std::uint32_t height) {
  std::string bytes = "\x89PNG\r\n\x1a\n";
  bytes += std::string("\0\0\0\x0d", 4) + "IHDR";
  for (const std::uint32_t value : {width, height}) {
    for (int shift = 24; shift >= 0; shift -= 8) bytes += static_cast<char>((value >> shift) & 0xFF);
  }
  return bytes + std::string("\x08\x02\0\0\0\0\0\0\0", 9);
}

json big_table_job() {
  json rows = json::array();
  for (int row = 0; row < 6000; ++row) rows.push_back(json::array({"Row " + std::to_string(row), "Łódź Zürich Москва Ελλάδα €"}));
  return document_job(json::array({{{"type", "table"}, {"columns", {{{"title", "A"}}, {{"title", "B"}}}}, {"rows", rows}}}),
                      "big/out.pdf");
}

}  // namespace

TEST_CASE("CJK text fails with 65 naming the characters and the field") {
  const RenderPdf tool;
  const auto run = tool.run(document_job(json::array({paragraph("ok"), paragraph("Büro in 東京")})));
  const json error = expect_error(run, 65, "/document/blocks/1/text");
  CHECK(message_of(error).find("東京") != std::string::npos);
  CHECK(message_of(error).find("U+6771") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(tool.stored("out/document.pdf")));
}

TEST_CASE("Hebrew text fails with 65 as a right-to-left script") {
  const RenderPdf tool;
  json job = document_job(json::array({{{"type", "table"}, {"columns", {{{"title", "Name"}}}}, {"rows", json::array({json::array({"שלום"})})}}}));
  const json error = expect_error(tool.run(job), 65, "/document/blocks/0/rows/0/0");
  CHECK(message_of(error).find("שלום") != std::string::npos);
  CHECK(message_of(error).find("right-to-left") != std::string::npos);
}

TEST_CASE("emoji and control characters are refused") {
  const RenderPdf tool;
  const json error = expect_error(tool.run(document_job(json::array({paragraph("hi 😀")}))), 65, "/document/blocks/0/text");
  CHECK(message_of(error).find("U+1F600") != std::string::npos);
  const json bell = expect_error(tool.run(document_job(json::array({paragraph("bell\a")}))), 65, "/document/blocks/0/text");
  CHECK_MESSAGE(message_of(bell).find("\"\\u0007\" (U+0007)") != std::string::npos, message_of(bell));
}

TEST_CASE("a tab in text is drawn as a space") {
  const RenderPdf tool;
  const auto run = tool.run(document_job(json::array({paragraph("Menge\t12")})));
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(pdf_text(tool.stored("out/document.pdf")).find("Menge 12") != std::string::npos);
}

TEST_CASE("a missing font file is 66 and FONTS_DIR chooses the fonts folder") {
  const RenderPdf tool;
  json job = document_job(json::array({paragraph("Zürich")}));
  job["document"]["fonts"] = {{"regular", "NoSuchFont.ttf"}};
  expect_error(tool.run(job), 66, "/document/fonts/regular");
  // The defaults are looked for in FONTS_DIR when it is set.
  expect_error(tool.run(document_job(json::array({paragraph("x")})), {}, {"FONTS_DIR=" + tool.storage().string()}), 66, "");
  job["document"]["fonts"] = {{"regular", "DejaVuSansMono.ttf"}, {"bold", "DejaVuSansMono-Bold.ttf"}};
  const auto run = tool.run(job, {}, {"FONTS_DIR=/usr/share/fonts/truetype/dejavu"});
  REQUIRE(run.exit_code == 0);
  CHECK(pdf_fonts(tool.stored("out/document.pdf")).find("DejaVuSansMono") != std::string::npos);
}

TEST_CASE("a font file that is not TrueType is 65") {
  const RenderPdf tool;
  write_file(tool.stored("fonts/Fake.ttf"), "not a font");
  json job = document_job(json::array({paragraph("x")}));
  const std::vector<std::string> fonts_dir = {"FONTS_DIR=" + tool.stored("fonts").string()};
  job["document"]["fonts"] = {{"bold", "../x.ttf"}};
  expect_error(tool.run(job, {}, fonts_dir), 65, "/document/fonts/bold");
  job["document"]["fonts"] = {{"regular", "Fake.ttf"}};
  const json error = expect_error(tool.run(job, {}, fonts_dir), 65, "/document/fonts/regular");
  CHECK(message_of(error).find("TrueType") != std::string::npos);
}

TEST_CASE("images: not an image is 65 and a missing file 66 and an escape 77") {
  const RenderPdf tool;
  write_file(tool.stored("fake.jpg"), "GIF89a this is not a JPEG");
  const json error = expect_error(tool.run(document_job(json::array({{{"type", "image"}, {"path", "fake.jpg"}}}))), 65,
                                  "/document/blocks/0/path");
  CHECK(message_of(error).find("not a JPEG or PNG") != std::string::npos);
  expect_error(tool.run(document_job(json::array({{{"type", "image"}, {"path", "absent.png"}}}))), 66,
               "/document/blocks/0/path");
  expect_error(tool.run(document_job(json::array({{{"type", "image"}, {"path", "../etc/passwd"}}}))), 77,
               "/document/blocks/0/path");
}

TEST_CASE("an image over the pixel limit is refused before decoding") {
  const RenderPdf tool;
  write_file(tool.stored("bomb.png"), png_header(100000, 100000));
  const json blocks = json::array({{{"type", "image"}, {"path", "bomb.png"}}});
  CHECK(message_of(expect_error(tool.run(document_job(blocks)), 65, "/document/blocks/0/path")).find("pixels") !=
        std::string::npos);
  write_file(tool.stored("small.png"), png_header(100, 100));
  expect_error(tool.run(document_job(json::array({{{"type", "image"}, {"path", "small.png"}}})), {"--max-image-pixels", "50"}),
               65, "/document/blocks/0/path");
  // A header that passes every check but no pixel data: PoDoFo's decoder fails, still 65.
  expect_error(tool.run(document_job(json::array({{{"type", "image"}, {"path", "small.png"}}}))), 65,
               "/document/blocks/0/path");
}

TEST_CASE("limits on pages rows and input size") {
  const RenderPdf tool;
  json blocks = json::array();
  for (int page = 0; page < 5; ++page) blocks.push_back({{"type", "page_break"}}), blocks.push_back(paragraph("p"));
  CHECK(message_of(expect_error(tool.run(document_job(blocks), {"--max-pages", "3"}), 65, "/document/blocks")).find("3 pages") !=
        std::string::npos);
  json rows = json::array();
  for (int row = 0; row < 10001; ++row) rows.push_back({"r"});
  expect_error(tool.run(document_job(json::array({{{"type", "table"}, {"columns", {{{"title", "A"}}}}, {"rows", rows}}}))),
               65, "/document/blocks/0/rows");
  const auto too_big = tool.run(document_job(json::array({paragraph(std::string(5000, 'a'))})), {"--max-input-bytes", "1000"});
  CHECK(too_big.exit_code == 65);
}

TEST_CASE("an output name ending in .PDF is accepted like .pdf") {
  const RenderPdf tool;
  const auto run = tool.run(document_job(json::array({paragraph("upper case")}), "docs/Report.PDF"));
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  CHECK(std::filesystem::exists(tool.stored("docs/Report.PDF")));
}

TEST_CASE("bad job fields are named") {
  const RenderPdf tool;
  expect_error(tool.run(json{{"output", "a.pdf"}}), 65, "/template");
  expect_error(tool.run(document_job(json::array({paragraph("x")}), "a.txt")), 65, "/output");
  expect_error(tool.run(document_job(json::array({paragraph("x")}), "/tmp/a.pdf")), 77, "/output");
  expect_error(tool.run(document_job(json::array({{{"type", "chart"}}}))), 65, "/document/blocks/0/type");
  expect_error(tool.run(document_job(json::array({{{"type", "heading"}, {"text", "x"}, {"colour", "red"}}}))), 65,
               "/document/blocks/0/colour");
  expect_error(tool.run(document_job(json::array({{{"type", "table"}, {"columns", {{{"title", "A"}}}}, {"rows", json::array({json::array({"1", "2"})})}}}))),
               65, "/document/blocks/0/rows/0");
  json job = document_job(json::array({paragraph("x")}));
  job["document"]["page"] = {{"size", "A3"}};
  expect_error(tool.run(job), 65, "/document/page/size");
}

TEST_CASE("a table row taller than a page is 65 naming the row") {
  const RenderPdf tool;
  std::string tall;
  for (int line = 0; line < 80; ++line) tall += "line\n";
  const json table = {{"type", "table"}, {"columns", {{{"title", "A"}}}}, {"rows", json::array({json::array({"short"}), json::array({tall})})}};
  expect_error(tool.run(document_job(json::array({table}))), 65, "/document/blocks/0/rows/1");
}

TEST_CASE("dry-run checks everything and writes nothing") {
  const RenderPdf tool;
  const auto run = tool.run(document_job(json::array({paragraph("Zürich")})), {"--dry-run"});
  REQUIRE(run.exit_code == 0);
  const json result = result_of(run);
  CHECK(result["dry_run"] == true);
  CHECK(result["pages"] == 1);
  CHECK(std::filesystem::is_empty(tool.storage()));
  expect_error(tool.run(document_job(json::array({paragraph("東京")})), {"--dry-run"}), 65, "/document/blocks/0/text");
}

TEST_CASE("killing render-pdf mid-write leaves no partial file at the output path") {
  const RenderPdf tool;
  const json job = big_table_job();
  const auto folder = tool.stored("big");
  const auto target = folder / "out.pdf";
  // The temporary file beside the target exists only while the PDF is being written: kill
  // the tool the moment it appears. Retried, as a run may finish between two looks.
  bool killed_while_writing = false;
  for (int attempt = 0; attempt < 20 && !killed_while_writing; ++attempt) {
    std::filesystem::remove_all(folder);
    jobkit::testing::ProcessOptions options;
    options.argv = {jobkit::testing::built_program("render-pdf").string()};
    options.input = job.dump();
    options.environment = tool.environment();
    jobkit::testing::ChildProcess child(options);
    bool writing = false;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!writing && !std::filesystem::exists(target) && std::chrono::steady_clock::now() < give_up) {
      std::error_code error;
      for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
        writing = writing || entry.path().filename() != "out.pdf";
      }
    }
    if (writing) child.send_signal(SIGKILL);
    const auto result = child.wait();
    killed_while_writing = writing && result.signal == SIGKILL;
    // Whatever the moment of the kill, the target is either absent or a whole PDF.
    if (std::filesystem::exists(target)) {
      CHECK(qpdf_finds_no_errors(target));
      CHECK(pdf_pages(target) > 100);
    }
  }
  CHECK(killed_while_writing);
  // A run left alone completes.
  const auto finished = tool.run(job);
  REQUIRE(finished.exit_code == 0);
  CHECK(qpdf_finds_no_errors(target));
  CHECK(pdf_pages(target) == result_of(finished)["pages"].get<int>());
}
