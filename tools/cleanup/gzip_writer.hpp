// A gzip stream (zlib) into an AtomicFile: text goes in, compressed bytes go to the file, and
// the file appears under its name only once the stream is complete.
#pragma once

#include <memory>
#include <string_view>

#include "jobkit/job_error.hpp"
#include "jobkit/storage.hpp"

namespace cleanup {

class GzipWriter {
 public:
  explicit GzipWriter(jobkit::AtomicFile file);
  ~GzipWriter();
  GzipWriter(const GzipWriter&) = delete;
  GzipWriter& operator=(const GzipWriter&) = delete;

  // Errors: io_error (74).
  jobkit::Status write(std::string_view text);
  // Ends the gzip stream and commits the file. Errors: io_error (74).
  jobkit::Status commit();

 private:
  jobkit::Status deflate_into_file(int flush);
  struct Stream;
  std::unique_ptr<Stream> m_stream;
  jobkit::AtomicFile m_file;
};

}  // namespace cleanup
