// render-pdf against a neighbour that swaps the output folder for a symbolic link to a
// folder outside STORAGE_DIR while jobs run: a path checked once and written later would
// let the PDF (or its temporary file) land outside.
#include <doctest/doctest.h>

#include "folder_swapper.hpp"
#include "render_pdf_harness.hpp"

namespace render_pdf_test {
namespace {

using jobkit::testing::FolderSwapper;
using jobkit::testing::TempDir;

TEST_CASE("a folder swapped for a link to outside during 300 jobs never gets a file outside STORAGE_DIR") {
  const RenderPdf tool;
  const TempDir outside;
  FolderSwapper swapper(tool.stored("out"), outside.path());
  int written = 0;
  int refused = 0;
  std::string unexpected;  // the first other outcome
  for (int i = 0; i < 300; ++i) {
    const auto result = tool.run(document_job({{{"type", "paragraph"}, {"text", "race"}}},
                                              "out/deep/document-" + std::to_string(i) + ".pdf"));
    // Written inside, or refused as forbidden because a link was in the way: nothing else.
    if (result.exit_code == 0) ++written;
    else if (result.exit_code == 77) ++refused;
    else if (unexpected.empty()) unexpected = result.out;
  }
  const long swaps = swapper.stop();
  CHECK_MESSAGE(unexpected.empty(), unexpected);
  MESSAGE(written << " written, " << refused << " refused, " << swaps << " swaps");
  CHECK(swaps > 300);
  const auto escaped = jobkit::testing::entries_under(outside.path());
  CHECK_MESSAGE(escaped.empty(), escaped.size() << " entries outside, the first " << escaped.front());
}

}  // namespace
}  // namespace render_pdf_test
