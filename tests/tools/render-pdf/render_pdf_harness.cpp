// Running render-pdf and the PDF readers.
#include "render_pdf_harness.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <sstream>

namespace render_pdf_test {

using jobkit::testing::ProcessOptions;
using nlohmann::json;

json document_job(json blocks, const std::string& output) {
  return {{"document", {{"title", "Test"}, {"blocks", std::move(blocks)}}}, {"output", output}};
}

RenderPdf::RenderPdf() = default;

std::vector<std::string> RenderPdf::environment(const std::vector<std::string>& extra) const {
  std::vector<std::string> variables = {"STORAGE_DIR=" + storage().string()};
  variables.insert(variables.end(), extra.begin(), extra.end());
  return variables;
}

ProcessResult RenderPdf::run(const json& job, const std::vector<std::string>& arguments,
                             const std::vector<std::string>& environment) const {
  ProcessOptions options;
  options.argv = {jobkit::testing::built_program("render-pdf").string()};
  options.argv.insert(options.argv.end(), arguments.begin(), arguments.end());
  options.input = job.dump();
  options.environment = this->environment(environment);
  options.unset = {"FONTS_DIR", "PDF_TEMPLATES_DIR", "JOB_PROGRESS_FD"};
  return jobkit::testing::run_process(options);
}

json result_of(const ProcessResult& result) {
  INFO("stderr: " << result.err);
  REQUIRE(!result.out.empty());
  return json::parse(result.out);
}

json expect_error(const ProcessResult& result, int exit_code, const std::string& field) {
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.exit_code == exit_code);
  const json body = result_of(result);
  REQUIRE(body.contains("error"));
  CHECK(body["error"].value("field", "") == field);
  return body["error"];
}

std::string output_of(const std::vector<std::string>& argv) {
  ProcessOptions options;
  options.argv = argv;
  const ProcessResult result = jobkit::testing::run_process(options);
  INFO(argv.front() << " stderr: " << result.err);
  REQUIRE(result.exit_code == 0);
  return result.out;
}

std::string pdf_text(const std::filesystem::path& pdf, std::optional<int> page) {
  std::vector<std::string> argv = {"/usr/bin/pdftotext", "-layout"};
  if (page) argv.insert(argv.end(), {"-f", std::to_string(*page), "-l", std::to_string(*page)});
  argv.insert(argv.end(), {pdf.string(), "-"});
  return output_of(argv);
}

std::string pdf_fonts(const std::filesystem::path& pdf) { return output_of({"/usr/bin/pdffonts", pdf.string()}); }

int pdf_pages(const std::filesystem::path& pdf) {
  std::istringstream info(output_of({"/usr/bin/pdfinfo", pdf.string()}));
  for (std::string line; std::getline(info, line);) {
    if (line.rfind("Pages:", 0) == 0) return std::stoi(line.substr(6));
  }
  return -1;
}

bool qpdf_finds_no_errors(const std::filesystem::path& pdf) {
  ProcessOptions options;
  options.argv = {"/usr/bin/qpdf", "--check", pdf.string()};
  const ProcessResult result = jobkit::testing::run_process(options);
  INFO("qpdf: " << result.out << result.err);
  return result.exit_code == 0 && result.out.find("No syntax or stream encoding errors") != std::string::npos;
}

double dark_share_of_first_page(const std::filesystem::path& pdf) {
  const auto stem = pdf.parent_path() / "first-page";
  output_of({"/usr/bin/pdftoppm", "-gray", "-r", "36", "-f", "1", "-l", "1", "-singlefile", pdf.string(), stem.string()});
  std::ifstream image(stem.string() + ".pgm", std::ios::binary);
  std::string magic;
  int width = 0, height = 0, maximum = 0;
  image >> magic >> width >> height >> maximum;
  image.get();  // the single whitespace before the pixels
  REQUIRE(magic == "P5");
  const std::string pixels((std::istreambuf_iterator<char>(image)), std::istreambuf_iterator<char>());
  REQUIRE(pixels.size() == static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
  std::size_t dark = 0;
  for (const char pixel : pixels) dark += static_cast<unsigned char>(pixel) < 128 ? 1 : 0;
  return static_cast<double>(dark) / static_cast<double>(pixels.size());
}

std::filesystem::path page_as_image(const std::filesystem::path& pdf, const std::string& format,
                                    const std::filesystem::path& stem) {
  output_of({"/usr/bin/pdftoppm", "-" + format, "-r", "20", "-f", "1", "-l", "1", "-singlefile", pdf.string(), stem.string()});
  return stem.string() + (format == "jpeg" ? ".jpg" : ".png");
}

}  // namespace render_pdf_test
