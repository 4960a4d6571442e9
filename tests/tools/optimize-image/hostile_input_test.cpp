// optimize-image on hostile or broken uploads: each is refused with the right exit code and
// a message naming the file and the reason, quickly, and leaves no file behind.
#include <doctest/doctest.h>

#include <sys/resource.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>

#include "test_images.hpp"

namespace optimize_image_test {
namespace {

using nlohmann::json;

json one_variant_job(const std::string& input) {
  return {{"input", input}, {"variants", {{{"width", 200}, {"output", "out/result.webp"}}}}};
}

// Refused with exit 65, a message holding `reason`, the input named as the field, and no
// output or temporary file written.
void check_refused(const Storage& storage, const std::string& input, const std::string& reason,
                   std::vector<std::string> arguments = {}) {
  const auto before = storage.files();
  const auto result = storage.run(one_variant_job(input), std::move(arguments));
  INFO("stderr: " << result.err);
  CHECK(result.exit_code == 65);
  const json error = result_json(result)["error"];
  CHECK(error["code"] == "invalid_data");
  CHECK(error["field"] == "/input");
  const std::string message = error["message"];
  CHECK_MESSAGE(message.find(input + ": ") == 0, message);
  CHECK_MESSAGE(message.find(reason) != std::string::npos, message);
  CHECK(message.find(storage.root().string()) == std::string::npos);  // STORAGE_DIR stays private
  CHECK(storage.files() == before);
}

TEST_CASE("a 50000x50000 PNG of a few KB is refused from its header without eating memory") {
  Storage storage;
  make_png_bomb(storage.path("uploads/bomb.png"), 50000, 50000);
  REQUIRE(fs::file_size(storage.path("uploads/bomb.png")) < 10000);
  const auto started = std::chrono::steady_clock::now();
  check_refused(storage, "uploads/bomb.png", "50000x50000 pixels (2500.0 MP) is over the limit of 268.4 MP");
  const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  MESSAGE("refused in " << elapsed << " s");
  // Decoding 2.5 gigapixels would take gigabytes; the tool's peak stays at start-up size.
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  CHECK(usage.ru_maxrss < 200 * 1024);
}

TEST_CASE("a truncated JPEG is refused instead of coming out with grey areas") {
  Storage storage;
  make_photo(storage.path("uploads/cut.jpg"), {.width = 800, .height = 600});
  fs::resize_file(storage.path("uploads/cut.jpg"), fs::file_size(storage.path("uploads/cut.jpg")) * 6 / 10);
  check_refused(storage, "uploads/cut.jpg", "cannot make out/result.webp");
}

std::string read_bytes(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// libjpeg only warns about damage inside the entropy-coded data ("Corrupt JPEG data:
// premature end of data segment") and fills the rest with grey.
TEST_CASE("a JPEG with junk bytes and a stray RST marker in its scan is refused") {
  Storage storage;
  make_photo(storage.path("uploads/damaged.jpg"), {.width = 1200, .height = 900});
  std::string bytes = read_bytes(storage.path("uploads/damaged.jpg"));
  const std::size_t scan = bytes.find("\xFF\xDA");
  REQUIRE(scan != std::string::npos);
  const std::size_t middle = scan + (bytes.size() - scan) / 2;
  bytes.insert(middle, std::string("\xFF\xD3", 2) + std::string(64, '\x5A'));
  write_bytes(storage.path("uploads/damaged.jpg"), bytes);
  check_refused(storage, "uploads/damaged.jpg", "Corrupt JPEG data");
}

TEST_CASE("a PNG whose image data fails its CRC is refused") {
  Storage storage;
  make_png_with_alpha(storage.path("uploads/damaged.png"), 300, 200);
  std::string bytes = read_bytes(storage.path("uploads/damaged.png"));
  // The CRC is the 4 bytes after the chunk's data: flip one of them.
  const std::size_t idat = bytes.find("IDAT");
  REQUIRE(idat != std::string::npos);
  const std::size_t length = (static_cast<unsigned char>(bytes[idat - 4]) << 24) |
                             (static_cast<unsigned char>(bytes[idat - 3]) << 16) |
                             (static_cast<unsigned char>(bytes[idat - 2]) << 8) | static_cast<unsigned char>(bytes[idat - 1]);
  bytes[idat + 4 + length] = static_cast<char>(bytes[idat + 4 + length] ^ 0x55);
  write_bytes(storage.path("uploads/damaged.png"), bytes);
  check_refused(storage, "uploads/damaged.png", "uploads/damaged.png: ");
}

TEST_CASE("files that are not accepted images are refused by their content") {
  Storage storage;
  SUBCASE("a text file named .jpg") {
    write_bytes(storage.path("uploads/notes.jpg"), "Dear contractor, the kitchen is finished.\n");
    check_refused(storage, "uploads/notes.jpg", "not an accepted image (JPEG, PNG, WebP, GIF, TIFF or HEIC/AVIF): the content is text");
  }
  SUBCASE("an SVG") {
    write_bytes(storage.path("uploads/logo.svg"),
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>");
    check_refused(storage, "uploads/logo.svg", "the content is an SVG or XML document");
  }
  SUBCASE("an SVG named .png") {
    write_bytes(storage.path("uploads/logo.png"), "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    check_refused(storage, "uploads/logo.png", "the content is an SVG or XML document");
  }
  SUBCASE("a PDF named .jpg") {
    write_bytes(storage.path("uploads/scan.jpg"), "%PDF-1.4\n1 0 obj << >> endobj\n");
    check_refused(storage, "uploads/scan.jpg", "the content is a PDF document");
  }
  SUBCASE("a zero-byte file") {
    write_bytes(storage.path("uploads/empty.jpg"), "");
    check_refused(storage, "uploads/empty.jpg", "the file is empty (0 bytes)");
  }
  SUBCASE("a JPEG signature followed by garbage") {
    write_bytes(storage.path("uploads/fake.jpg"), std::string("\xFF\xD8\xFF\xE0", 4) + std::string(200, 'x'));
    check_refused(storage, "uploads/fake.jpg", "cannot read the image header");
  }
}

TEST_CASE("limits set on the command line refuse large or progressive or many-frame files") {
  Storage storage;
  SUBCASE("a progressive JPEG over the tighter progressive limit") {
    make_photo(storage.path("uploads/prog.jpg"), {.width = 400, .height = 300, .progressive = true});
    check_refused(storage, "uploads/prog.jpg", "over the limit of 0.1 MP for progressive or interlaced images",
                  {"--max-progressive-pixels", "100000"});
  }
  SUBCASE("a baseline JPEG of the same size passes that limit") {
    make_photo(storage.path("uploads/base.jpg"), {.width = 400, .height = 300});
    const auto result = storage.run(one_variant_job("uploads/base.jpg"), {"--max-progressive-pixels", "100000"});
    CHECK_MESSAGE(result.exit_code == 0, result.err);
  }
  SUBCASE("more frames than allowed") {
    make_animation(storage.path("uploads/spin.webp"), 40, 40, 3);
    check_refused(storage, "uploads/spin.webp", "3 frames or pages, over the limit of 2", {"--max-frames", "2"});
  }
  SUBCASE("a file over the size limit") {
    make_photo(storage.path("uploads/big.jpg"), {.width = 400, .height = 300});
    check_refused(storage, "uploads/big.jpg", "over the limit of 1000", {"--max-file-bytes", "1000"});
  }
  SUBCASE("more pixels than allowed") {
    make_photo(storage.path("uploads/wide.jpg"), {.width = 400, .height = 300});
    check_refused(storage, "uploads/wide.jpg", "400x300 pixels (0.1 MP) is over the limit", {"--max-pixels", "100000"});
  }
}

// A small upload may not ask for huge outputs: refused with 65 naming the variant, from
// the job and the header alone, before anything is decoded or written.
TEST_CASE("output limits refuse huge boxes and high AVIF effort and too many variants") {
  Storage storage;
  make_photo(storage.path("uploads/small.jpg"), {.width = 320, .height = 240});
  const auto before = storage.files();
  const auto refused = [&](const json& job, const std::string& field, const std::string& reason,
                           std::vector<std::string> arguments = {}) {
    const auto result = storage.run(job, std::move(arguments));
    INFO("stdout: " << result.out << " stderr: " << result.err);
    CHECK(result.exit_code == 65);
    const json error = result_json(result)["error"];
    CHECK(error["field"] == field);
    CHECK_MESSAGE(error["message"].get<std::string>().find(reason) != std::string::npos, error["message"]);
    CHECK(storage.files() == before);
  };
  const json huge_box = {{"width", 16383}, {"height", 16383}, {"fit", "contain"}, {"format", "webp"},
                         {"output", "out/huge.webp"}};
  refused({{"input", "uploads/small.jpg"}, {"variants", {huge_box}}}, "/variants/0", "over the limit of 40.0 MP per variant");
  refused({{"input", "uploads/small.jpg"},
           {"variants", {{{"width", 300}, {"format", "avif"}, {"effort", 9}, {"output", "out/a.avif"}}}}},
          "/variants/0/effort", "AVIF effort 9 is over the limit of 6");
  json many = json::array();
  for (int i = 0; i < 17; ++i) many.push_back({{"width", 10 + i}, {"output", "out/v" + std::to_string(i) + ".webp"}});
  refused({{"input", "uploads/small.jpg"}, {"variants", many}}, "/variants/16", "17 variants, over the limit of 16");
  const json two_boxes = {{"input", "uploads/small.jpg"},
                          {"variants",
                           {{{"width", 1000}, {"height", 1000}, {"fit", "contain"}, {"output", "out/1.webp"}},
                            {{"width", 1000}, {"height", 1000}, {"fit", "contain"}, {"output", "out/2.webp"}}}}};
  refused(two_boxes, "/input", "over the limit of 1.5 MP per job", {"--max-job-output-pixels", "1500000"});
  // The operator may allow more.
  const auto allowed = storage.run(two_boxes, {"--max-job-output-pixels", "2000000"});
  CHECK_MESSAGE(allowed.exit_code == 0, allowed.out);
}

TEST_CASE("paths outside STORAGE_DIR are forbidden and missing inputs are reported") {
  Storage storage;
  make_photo(storage.path("uploads/a.jpg"), {.width = 320, .height = 240});
  const auto check_forbidden = [&](const json& job, const std::string& field) {
    const auto result = storage.run(job);
    CHECK(result.exit_code == 77);
    CHECK(result_json(result)["error"]["field"] == field);
    CHECK(storage.files() == std::vector<std::string>{"uploads/a.jpg"});
  };
  check_forbidden(one_variant_job("../etc/passwd"), "/input");
  check_forbidden({{"input", "uploads/a.jpg"}, {"variants", {{{"width", 10}, {"output", "../x.webp"}}}}},
                  "/variants/0/output");
  check_forbidden({{"input", "uploads/a.jpg"}, {"output_dir", "/tmp"}}, "/output_dir");
  fs::create_directory_symlink("/tmp", storage.path("uploads/link"));
  check_forbidden({{"input", "uploads/a.jpg"}, {"variants", {{{"width", 10}, {"output", "uploads/link/x.webp"}}}}},
                  "/variants/0/output");

  const auto missing = storage.run(one_variant_job("uploads/nothing.jpg"));
  CHECK(missing.exit_code == 66);
  CHECK(result_json(missing)["error"]["message"] == "uploads/nothing.jpg: no such file");
}

}  // namespace
}  // namespace optimize_image_test
