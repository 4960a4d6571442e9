// Runs render-pdf as a process (as queue-runner does) with its own STORAGE_DIR, and reads
// produced PDFs back with poppler-utils and qpdf.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "process.hpp"
#include "temp_dir.hpp"

namespace render_pdf_test {

using jobkit::testing::ProcessResult;

// A job whose document holds the given blocks, written to output.
nlohmann::json document_job(nlohmann::json blocks, const std::string& output = "out/document.pdf");

class RenderPdf {
 public:
  RenderPdf();
  const std::filesystem::path& storage() const { return m_storage.path(); }
  std::filesystem::path stored(const std::string& relative) const { return storage() / relative; }
  // Runs render-pdf with job on stdin; extra environment entries as NAME=VALUE.
  ProcessResult run(const nlohmann::json& job, const std::vector<std::string>& arguments = {},
                    const std::vector<std::string>& environment = {}) const;
  std::vector<std::string> environment(const std::vector<std::string>& extra = {}) const;

 private:
  jobkit::testing::TempDir m_storage;
};

// The single JSON value on stdout (REQUIREs that there is one).
nlohmann::json result_of(const ProcessResult& result);
// REQUIREs the exit code and that stdout holds an error with this field; returns the error.
nlohmann::json expect_error(const ProcessResult& result, int exit_code, const std::string& field);

// stdout of a helper program that must succeed.
std::string output_of(const std::vector<std::string>& argv);
std::string pdf_text(const std::filesystem::path& pdf, std::optional<int> page = std::nullopt);
std::string pdf_fonts(const std::filesystem::path& pdf);
int pdf_pages(const std::filesystem::path& pdf);
// qpdf --check: exit 0 and "No syntax or stream encoding errors".
bool qpdf_finds_no_errors(const std::filesystem::path& pdf);
// The share of clearly dark pixels on page 1 rendered in grey by pdftoppm.
double dark_share_of_first_page(const std::filesystem::path& pdf);
// Writes page 1 of pdf as an image with pdftoppm ("png" or "jpeg"); returns its path.
std::filesystem::path page_as_image(const std::filesystem::path& pdf, const std::string& format,
                                    const std::filesystem::path& stem);

}  // namespace render_pdf_test
