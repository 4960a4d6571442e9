// Reading optimize-image jobs: shapes, defaults, derived names and every kind of mistake.
#include "job.hpp"

#include <doctest/doctest.h>

namespace optimize_image {
namespace {

using nlohmann::json;

// The job's first problem: its field and message (without the pointer).
std::pair<std::string, std::string> error_of(const json& document) {
  const auto job = read_job(document);
  REQUIRE_FALSE(job.ok());
  CHECK(job.error().exit_code == jobkit::ExitCode::invalid_data);
  REQUIRE_FALSE(job.error().details.empty());
  return {job.error().field, job.error().details.front().message};
}

TEST_CASE("read_job fills in the default variants with derived output names") {
  const auto job = read_job({{"input", "uploads/2024/kitchen.jpg"}});
  REQUIRE(job.ok());
  CHECK(job->shape == JobShape::single);
  REQUIRE(job->images.size() == 1);
  const auto& variants = job->images[0].variants;
  REQUIRE(variants.size() == 4);
  CHECK(variants[0].output == "uploads/2024/kitchen-1600.webp");
  CHECK(variants[1].output == "uploads/2024/kitchen-800.webp");
  CHECK(variants[2].output == "uploads/2024/kitchen-400.webp");
  CHECK(variants[3].output == "uploads/2024/kitchen-1600.jpg");
  CHECK(variants[3].format == OutputFormat::jpeg);
  CHECK(variants[0].quality == 80);
  CHECK(variants[0].output_field == "/input");
}

TEST_CASE("derived_output_name encodes size and fit and frames") {
  Variant variant{.width = 400, .height = 300, .fit = Fit::cover, .format = OutputFormat::avif};
  CHECK(derived_output_name("u/a.b.png", "", variant) == "u/a.b-400x300-cover.avif");
  CHECK(derived_output_name("a.png", "media/x", variant) == "media/x/a-400x300-cover.avif");
  variant = {.height = 600, .format = OutputFormat::jpeg};
  CHECK(derived_output_name("a.png", "", variant) == "a-h600.jpg");
  variant = {.width = 200, .format = OutputFormat::webp, .frames = Frames::all};
  CHECK(derived_output_name("a.gif", "", variant) == "a-200-animated.webp");
}

TEST_CASE("read_job takes the format from the output name and per-format defaults") {
  const auto job = read_job({{"input", "a.jpg"},
                             {"variants", {{{"width", 100}, {"output", "x/a.AVIF"}}, {{"height", 50}, {"format", "png"}}}}});
  REQUIRE(job.ok());
  const auto& variants = job->images[0].variants;
  CHECK(variants[0].format == OutputFormat::avif);
  CHECK(variants[0].quality == 50);
  CHECK(variants[0].effort == 2);
  CHECK(variants[0].output_field == "/variants/0/output");
  CHECK(variants[1].output == "a-h50.png");
  CHECK(variants[1].effort == 6);
}

TEST_CASE("read_job reads batch jobs") {
  const auto job = read_job({{"images", {{{"input", "a.jpg"}}, {{"input", "b.png"}, {"output_dir", "m"}}}},
                             {"on_error", "skip"}});
  REQUIRE(job.ok());
  CHECK(job->shape == JobShape::batch);
  CHECK(job->on_error == OnError::skip);
  CHECK(job->images[1].pointer == "/images/1/input");
  CHECK(job->images[1].variants[0].output == "m/b-1600.webp");
  CHECK(job->images[1].variants[0].output_field == "/images/1/output_dir");
}

TEST_CASE("read_job names the field of every mistake") {
  CHECK(error_of(json::object()) == std::pair<std::string, std::string>{"/input", "is required"});
  CHECK(error_of({{"input", "a.jpg"}, {"colour", "red"}}).first == "/colour");
  CHECK(error_of({{"input", "a.jpg"}, {"images", json::array({{{"input", "b.jpg"}}})}}).first == "/input");
  CHECK(error_of({{"images", json::array()}}).first == "/images");
  CHECK(error_of({{"input", "a.jpg"}, {"variants", json::array()}}).first == "/variants");
  CHECK(error_of({{"input", "a.jpg"}, {"variants", {{{"fit", "inside"}}}}}).first == "/variants/0/width");
  CHECK(error_of({{"input", "a.jpg"}, {"variants", {{{"width", 0}}}}}).first == "/variants/0/width");
  CHECK(error_of({{"input", "a.jpg"}, {"variants", {{{"width", 20000}}}}}).first == "/variants/0/width");
  CHECK(error_of({{"input", "a.jpg"}, {"variants", {{{"width", 10}, {"fit", "cover"}}}}}) ==
        std::pair<std::string, std::string>{"/variants/0/fit", "cover needs both width and height"});
  CHECK(error_of({{"input", "a.jpg"}, {"variants", {{{"width", 10}, {"fit", "stretch"}}}}}).first == "/variants/0/fit");
  CHECK(error_of({{"input", "a.jpg"}, {"variants", {{{"width", 10}, {"format", "gif"}}}}}).first == "/variants/0/format");
  CHECK(error_of({{"input", "a.jpg"}, {"variants", {{{"width", 10}, {"quality", 101}}}}}).first == "/variants/0/quality");
  CHECK(error_of({{"input", "a.jpg"}, {"variants", {{{"width", 10}, {"format", "png"}, {"quality", 80}}}}}).first ==
        "/variants/0/quality");
  CHECK(error_of({{"input", "a.jpg"}, {"variants", {{{"width", 10}, {"format", "jpeg"}, {"effort", 3}}}}}).first ==
        "/variants/0/effort");
  CHECK(error_of({{"input", "a.jpg"}, {"variants", {{{"width", 10}, {"format", "webp"}, {"effort", 7}}}}}).first ==
        "/variants/0/effort");
  CHECK(error_of({{"input", "a.jpg"}, {"variants", {{{"width", 10}, {"format", "webp"}, {"output", "a.jpg"}}}}}) ==
        std::pair<std::string, std::string>{"/variants/0/output", "the extension does not match the format \"webp\""});
  CHECK(error_of({{"input", "a.jpg"}, {"variants", {{{"width", 10}, {"output", "a.bmp"}}}}}).first == "/variants/0/output");
  CHECK(error_of({{"input", "a.jpg"}, {"variants", {{{"width", 10}, {"frames", "all"}, {"format", "jpeg"}}}}}).first ==
        "/variants/0/frames");
  CHECK(error_of({{"input", "a.jpg"}, {"variants", {{{"width", 10}, {"background", "white"}}}}}).first ==
        "/variants/0/background");
  CHECK(error_of({{"images", {{{"input", "a.jpg"}}}}, {"on_error", "ignore"}}).first == "/on_error");
}

TEST_CASE("read_job refuses outputs that clash with each other or with an input") {
  CHECK(error_of({{"input", "a.jpg"}, {"variants", {{{"width", 10}, {"output", "x.webp"}}, {{"width", 20}, {"output", "./x.webp"}}}}}) ==
        std::pair<std::string, std::string>{"/variants/1/output", "\"./x.webp\" is written by another variant too"});
  CHECK(error_of({{"input", "a.jpg"}, {"variants", {{{"width", 10}, {"output", "a.jpg"}}}}}).first == "/variants/0/output");
  CHECK(error_of({{"images", {{{"input", "a.jpg"}}, {{"input", "a.jpg"}}}}}).first == "/images/1/input");
}

}  // namespace
}  // namespace optimize_image
