// optimize-image run as a process on generated images: sizes, rotation, metadata removal,
// animation, batch jobs and dry runs.
#include <doctest/doctest.h>

#include <string>

#include "test_images.hpp"

namespace optimize_image_test {
namespace {

using nlohmann::json;

// A variant in the result matches the file on disk, which opens at the reported size.
void check_output(const Storage& storage, const json& variant, int width, int height, const std::string& loader) {
  INFO("variant: " << variant.dump());
  CHECK(variant["width"] == width);
  CHECK(variant["height"] == height);
  const fs::path path = storage.path(variant["path"].get<std::string>());
  REQUIRE(fs::exists(path));
  CHECK(variant["bytes"] == fs::file_size(path));
  const OpenedImage opened = open_image(path);
  CHECK(opened.width == width);
  CHECK(opened.height == height);
  CHECK(opened.loader == loader);
}

TEST_CASE("optimize-image without variants makes the default WebP sizes and a JPEG fallback") {
  Storage storage;
  make_photo(storage.path("uploads/kitchen.jpg"), {.width = 2000, .height = 1500});
  const auto result = storage.run({{"input", "uploads/kitchen.jpg"}});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  const json body = result_json(result);
  CHECK(body["original"] == json{{"width", 2000}, {"height", 1500}, {"format", "jpeg"},
                                 {"bytes", fs::file_size(storage.path("uploads/kitchen.jpg"))}});
  REQUIRE(body["variants"].size() == 4);
  CHECK(body["variants"][0]["path"] == "uploads/kitchen-1600.webp");
  check_output(storage, body["variants"][0], 1600, 1200, "webpload");
  check_output(storage, body["variants"][1], 800, 600, "webpload");
  check_output(storage, body["variants"][2], 400, 300, "webpload");
  CHECK(body["variants"][3]["path"] == "uploads/kitchen-1600.jpg");
  check_output(storage, body["variants"][3], 1600, 1200, "jpegload");
}

TEST_CASE("each output opens with the requested size for every fit and format") {
  Storage storage;
  make_photo(storage.path("uploads/deck.jpg"), {.width = 1200, .height = 900});
  const json job = {{"input", "uploads/deck.jpg"},
                    {"variants",
                     {{{"width", 300}, {"output", "media/w300.webp"}},
                      {{"height", 200}, {"format", "jpeg"}, {"output", "media/h200.jpg"}},
                      {{"width", 250}, {"height", 250}, {"fit", "cover"}, {"format", "avif"}, {"output", "media/c.avif"}},
                      {{"width", 300}, {"height", 300}, {"fit", "contain"}, {"output", "media/p.png"}},
                      {{"width", 5000}, {"output", "media/never-enlarged.webp"}}}}};
  const auto result = storage.run(job);
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  const json variants = result_json(result)["variants"];
  check_output(storage, variants[0], 300, 225, "webpload");
  check_output(storage, variants[1], 267, 200, "jpegload");
  check_output(storage, variants[2], 250, 250, "heifload");
  CHECK(variants[2]["format"] == "avif");
  check_output(storage, variants[3], 300, 300, "pngload");
  CHECK(open_image(storage.path("media/p.png")).bands == 4);  // padded with transparency
  check_output(storage, variants[4], 1200, 900, "webpload");
}

TEST_CASE("EXIF orientation 6 comes out upright") {
  Storage storage;
  // Stored 600x400 with a white block at the stored top-left; orientation 6 means "rotate
  // 90 degrees clockwise to display", which puts the block at the top-right.
  make_photo(storage.path("uploads/turned.jpg"), {.width = 600, .height = 400});
  add_camera_metadata(storage.path("uploads/turned.jpg"), 6);
  // The two smaller variants are resampled from the first one's decoded image, which must
  // not be turned a second time.
  const json variants = {{{"width", 400}, {"output", "o.jpg"}},
                         {{"width", 100}, {"output", "small.jpg"}},
                         {{"width", 150}, {"height", 150}, {"fit", "cover"}, {"output", "square.jpg"}}};
  const auto result = storage.run({{"input", "uploads/turned.jpg"}, {"variants", variants}});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  check_output(storage, result_json(result)["variants"][0], 400, 600, "jpegload");
  check_output(storage, result_json(result)["variants"][1], 100, 150, "jpegload");
  check_output(storage, result_json(result)["variants"][2], 150, 150, "jpegload");
  CHECK(average_around(storage.path("o.jpg"), 390, 10) > 240);  // the block, now top-right
  CHECK(average_around(storage.path("o.jpg"), 10, 10) < 200);   // noise, where it used to be
  CHECK(average_around(storage.path("small.jpg"), 94, 6) > 240);
  CHECK(average_around(storage.path("small.jpg"), 5, 10) < 200);
  for (const std::string name : {"o.jpg", "small.jpg", "square.jpg"}) {
    CHECK(exiftool_tags(storage.path(name)).value("IFD0:Orientation", 1) == 1);
  }
  // Alone, a variant under half the size is decoded shrunk by libjpeg (1/2 here) and turned
  // afterwards.
  const auto alone = storage.run({{"input", "uploads/turned.jpg"}, {"variants", {{{"width", 150}, {"output", "alone.jpg"}}}}});
  REQUIRE_MESSAGE(alone.exit_code == 0, alone.err);
  check_output(storage, result_json(alone)["variants"][0], 150, 225, "jpegload");
  CHECK(average_around(storage.path("alone.jpg"), 144, 8) > 240);
  CHECK(average_around(storage.path("alone.jpg"), 5, 10) < 200);
}

TEST_CASE("a GPS position in the input is absent from every output format and the ICC profile survives") {
  Storage storage;
  make_photo(storage.path("uploads/house.jpg"), {.width = 800, .height = 600});
  add_camera_metadata(storage.path("uploads/house.jpg"), 1);
  const json input_tags = exiftool_tags(storage.path("uploads/house.jpg"));
  REQUIRE(input_tags.contains("GPS:GPSLatitude"));  // the test input really carries a position
  REQUIRE(input_tags.contains("XMP-exif:GPSLatitude"));
  const json job = {{"input", "uploads/house.jpg"},
                    {"variants",
                     {{{"width", 200}, {"output", "out/h.webp"}},
                      {{"width", 200}, {"output", "out/h.jpg"}},
                      {{"width", 200}, {"output", "out/h.png"}},
                      {{"width", 200}, {"output", "out/h.avif"}}}}};
  const auto result = storage.run(job);
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  for (const std::string name : {"out/h.webp", "out/h.jpg", "out/h.png", "out/h.avif"}) {
    INFO("output: " << name);
    const json tags = exiftool_tags(storage.path(name));
    for (const auto& [tag, value] : tags.items()) {
      CHECK_MESSAGE(tag.find("GPS") == std::string::npos, tag << " = " << value.dump());
      CHECK_MESSAGE(value.dump().find("HomeCam") == std::string::npos, tag);  // the camera's Make
      CHECK_MESSAGE(value.dump().find("HC-1") == std::string::npos, tag);     // and Model
    }
    const std::string header = vipsheader_all(storage.path(name));
    CHECK(header.find("GPS") == std::string::npos);
    CHECK(header.find("xmp-data") == std::string::npos);
    CHECK(open_image(storage.path(name)).has_icc);
  }
}

TEST_CASE("transparent PNG input is flattened on white for JPEG and keeps its alpha in WebP") {
  Storage storage;
  make_png_with_alpha(storage.path("uploads/logo.png"), 200, 100);
  const json job = {{"input", "uploads/logo.png"},
                    {"variants", {{{"width", 200}, {"output", "l.jpg"}}, {{"width", 200}, {"output", "l.webp"}}}}};
  const auto result = storage.run(job);
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  CHECK(result_json(result)["original"]["format"] == "png");
  CHECK(open_image(storage.path("l.jpg")).bands == 3);
  CHECK(average_around(storage.path("l.jpg"), 180, 50) > 250);  // white where it was transparent
  CHECK(open_image(storage.path("l.webp")).bands == 4);
}

TEST_CASE("an AVIF upload is read through the HEIF module") {
  Storage storage;
  make_avif(storage.path("uploads/phone.avif"), 640, 480);
  const auto result = storage.run({{"input", "uploads/phone.avif"}, {"variants", {{{"width", 320}, {"output", "p.jpg"}}}}});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  const json body = result_json(result);
  CHECK(body["original"]["format"] == "avif");  // not "heif": what the user uploaded
  check_output(storage, body["variants"][0], 320, 240, "jpegload");
}

TEST_CASE("an animated WebP gives its first frame unless every frame is asked for") {
  Storage storage;
  make_animation(storage.path("uploads/spin.webp"), 120, 80, 3);
  const json job = {{"input", "uploads/spin.webp"},
                    {"variants",
                     {{{"width", 60}, {"output", "first.webp"}},
                      {{"width", 60}, {"frames", "all"}, {"output", "all.webp"}}}}};
  const auto result = storage.run(job);
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  const json body = result_json(result);
  CHECK(body["original"]["frames"] == 3);
  CHECK(open_image(storage.path("first.webp")).pages == 1);
  CHECK_FALSE(body["variants"][0].contains("frames"));
  const OpenedImage all = open_image(storage.path("all.webp"));
  CHECK(all.pages == 3);
  CHECK(all.height == 40);
  CHECK(body["variants"][1]["frames"] == 3);
  CHECK(body["variants"][1]["height"] == 40);
}

TEST_CASE("an animated GIF becomes the first frame") {
  Storage storage;
  make_animation(storage.path("uploads/spin.gif"), 120, 80, 3);
  const auto result = storage.run({{"input", "uploads/spin.gif"}, {"variants", {{{"width", 60}, {"output", "g.webp"}}}}});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  CHECK(result_json(result)["original"]["format"] == "gif");
  CHECK(open_image(storage.path("g.webp")).pages == 1);
}

TEST_CASE("a batch job processes a whole gallery in one process") {
  Storage storage;
  make_photo(storage.path("g/1.jpg"), {.width = 640, .height = 480});
  make_png_with_alpha(storage.path("g/2.png"), 320, 240);
  write_bytes(storage.path("g/3.jpg"), "not an image at all");
  const json images = {{{"input", "g/1.jpg"}, {"variants", {{{"width", 100}}}}},
                       {{"input", "g/3.jpg"}, {"variants", {{{"width", 100}}}}},
                       {{"input", "g/2.png"}, {"output_dir", "media/g"}, {"variants", {{{"width", 100}}}}}};

  SUBCASE("on_error skip reports the refused image and makes the others") {
    const auto result = storage.run({{"images", images}, {"on_error", "skip"}});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const json body = result_json(result);
    REQUIRE(body["images"].size() == 3);
    CHECK(body["images"][0]["variants"][0]["path"] == "g/1-100.webp");
    CHECK(body["images"][1]["error"]["code"] == "invalid_data");
    CHECK(body["images"][1]["error"]["field"] == "/images/1/input");
    CHECK(body["images"][2]["variants"][0]["path"] == "media/g/2-100.webp");
    CHECK(fs::exists(storage.path("media/g/2-100.webp")));
  }
  SUBCASE("by default the first refused image fails the job") {
    const auto result = storage.run({{"images", images}});
    CHECK(result.exit_code == 65);
    CHECK(result_json(result)["error"]["field"] == "/images/1/input");
  }
}

TEST_CASE("--dry-run checks the job and paths and writes nothing") {
  Storage storage;
  make_photo(storage.path("uploads/a.jpg"), {.width = 320, .height = 240});
  const auto result = storage.run({{"input", "uploads/a.jpg"}}, {"--dry-run"});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  const json body = result_json(result);
  CHECK(body["dry_run"] == true);
  CHECK(body["variants"].size() == 4);
  CHECK(body["variants"][3]["path"] == "uploads/a-1600.jpg");
  CHECK(storage.files() == std::vector<std::string>{"uploads/a.jpg"});
}

TEST_CASE("optimize-image --help describes the limits") {
  jobkit::testing::ProcessOptions options;
  options.argv = {jobkit::testing::built_program("optimize-image").string(), "--help"};
  const auto result = jobkit::testing::run_process(options);
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("--max-pixels") != std::string::npos);
  CHECK(result.out.find("--max-progressive-pixels") != std::string::npos);
}

TEST_CASE("optimize-image refuses a limit below 1 with the range it takes") {
  for (const char* value : {"0", "-1"}) {
    jobkit::testing::ProcessOptions options;
    options.argv = {jobkit::testing::built_program("optimize-image").string(), "--max-pixels", value};
    const auto result = jobkit::testing::run_process(options);
    CHECK(result.exit_code == 64);
    CHECK(result.err.find("--max-pixels: Value " + std::string(value) + " not in range 1 to 9223372036854775807") !=
          std::string::npos);
    CHECK(result.err.size() < 400);
  }
}

}  // namespace
}  // namespace optimize_image_test
