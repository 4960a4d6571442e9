#include "gzip_writer.hpp"

#include <array>

#include <zlib.h>

namespace cleanup {

struct GzipWriter::Stream {
  z_stream z{};
  bool ready = false;
};

GzipWriter::GzipWriter(jobkit::AtomicFile file) : m_stream(std::make_unique<Stream>()), m_file(std::move(file)) {
  // 15 + 16: the largest window, with a gzip header and trailer instead of zlib's.
  m_stream->ready = deflateInit2(&m_stream->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
}

GzipWriter::~GzipWriter() {
  if (m_stream->ready) deflateEnd(&m_stream->z);
}

jobkit::Status GzipWriter::deflate_into_file(int flush) {
  std::array<unsigned char, 65536> buffer{};
  int status = Z_OK;
  do {
    m_stream->z.next_out = buffer.data();
    m_stream->z.avail_out = static_cast<uInt>(buffer.size());
    status = deflate(&m_stream->z, flush);
    if (status == Z_STREAM_ERROR) return jobkit::JobError::make(jobkit::ExitCode::io_error, "gzip compression failed");
    const std::size_t produced = buffer.size() - m_stream->z.avail_out;
    if (produced > 0) {
      if (auto written = m_file.write({reinterpret_cast<const char*>(buffer.data()), produced}); !written) return written;
    }
  } while (m_stream->z.avail_out == 0 || (flush == Z_FINISH && status != Z_STREAM_END));
  return jobkit::Done{};
}

jobkit::Status GzipWriter::write(std::string_view text) {
  if (!m_stream->ready) return jobkit::JobError::make(jobkit::ExitCode::io_error, "gzip compression could not start");
  m_stream->z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  m_stream->z.avail_in = static_cast<uInt>(text.size());
  return deflate_into_file(Z_NO_FLUSH);
}

jobkit::Status GzipWriter::commit() {
  if (!m_stream->ready) return jobkit::JobError::make(jobkit::ExitCode::io_error, "gzip compression could not start");
  if (auto finished = deflate_into_file(Z_FINISH); !finished) return finished;
  return m_file.commit();
}

}  // namespace cleanup
