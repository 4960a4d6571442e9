// optimize-image against a neighbour that swaps the input and the output folder for
// symbolic links to folders outside STORAGE_DIR while jobs run: a path checked once and
// used later would read a file from outside or write variants there.
#include <doctest/doctest.h>

#include "folder_swapper.hpp"
#include "test_images.hpp"

namespace optimize_image_test {
namespace {

using jobkit::testing::FolderSwapper;
using jobkit::testing::TempDir;
using nlohmann::json;

TEST_CASE("folders swapped for links to outside during 300 jobs never read or write outside STORAGE_DIR") {
  const Storage storage;
  const TempDir outside_input;
  const TempDir outside_output;
  make_png_with_alpha(storage.path("in/photo.png"), 8, 8);
  make_png_with_alpha(outside_input.path() / "photo.png", 16, 16);  // what a read through the link would see
  FolderSwapper input_swapper(storage.path("in"), outside_input.path());
  FolderSwapper output_swapper(storage.path("out"), outside_output.path());
  int written = 0;
  int refused = 0;
  std::string unexpected;  // the first other outcome
  for (int i = 0; i < 300; ++i) {
    const json job = {{"input", "in/photo.png"},
                      {"variants", {{{"width", 4}, {"format", "png"}, {"output", "out/deep/small-" + std::to_string(i) + ".png"}}}}};
    const auto result = storage.run(job);
    // Made from the file inside, or refused as forbidden because a link was in the way.
    if (result.exit_code == 0 && result_json(result)["original"]["width"] == 8) ++written;
    else if (result.exit_code == 77) ++refused;
    else if (unexpected.empty()) unexpected = result.out;
  }
  const long swaps = input_swapper.stop() + output_swapper.stop();
  CHECK_MESSAGE(unexpected.empty(), unexpected);
  MESSAGE(written << " written, " << refused << " refused, " << swaps << " swaps");
  CHECK(swaps > 600);
  const auto escaped = jobkit::testing::entries_under(outside_output.path());
  CHECK_MESSAGE(escaped.empty(), escaped.size() << " entries outside, the first " << escaped.front());
  CHECK(jobkit::testing::entries_under(outside_input.path()) == std::vector<std::string>{"photo.png"});
}

}  // namespace
}  // namespace optimize_image_test
