// optimize-image when the disk fills while it writes an image's variants: the man page
// promises that a failed image leaves no file, so the first variants must not stay behind
// when a later one cannot be written.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/resource.h>

#include "test_images.hpp"

namespace optimize_image_test {
namespace {

using nlohmann::json;

// A full disk for the tool alone: files it writes may not grow past `bytes` (RLIMIT_FSIZE,
// inherited by the child; SIGXFSZ ignored so that the write fails with EFBIG as a full disk
// fails with ENOSPC, instead of killing the process). Restores both when it goes.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &m_saved);
    const rlimit limited{bytes, m_saved.rlim_max};
    ::setrlimit(RLIMIT_FSIZE, &limited);
    m_saved_handler = ::signal(SIGXFSZ, SIG_IGN);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &m_saved);
    ::signal(SIGXFSZ, m_saved_handler);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit m_saved{};
  sighandler_t m_saved_handler = SIG_DFL;
};

TEST_CASE("a disk that fills on the third variant leaves none of the image's variants") {
  Storage storage;
  make_photo(storage.path("uploads/photo.jpg"), {.width = 1200, .height = 900});
  const auto before = storage.files();
  const json job = {{"input", "uploads/photo.jpg"},
                    {"variants",
                     {{{"width", 40}, {"output", "media/a.jpg"}},
                      {{"width", 60}, {"output", "media/b.jpg"}},
                      {{"width", 1200}, {"output", "media/c.png"}}}}};  // megabytes: over the limit
  jobkit::testing::ProcessResult result;
  {
    const FileSizeLimit full_disk(64 * 1024);
    result = storage.run(job);
  }
  INFO("stdout: " << result.out << " stderr: " << result.err);
  CHECK(result.exit_code == 74);
  const json error = result_json(result)["error"];
  CHECK(error["code"] == "io_error");
  CHECK(error["message"].get<std::string>().find(storage.root().string()) == std::string::npos);
  CHECK(storage.files() == before);
}

}  // namespace
}  // namespace optimize_image_test
