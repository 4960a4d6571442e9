#include "deflate.hpp"

#include <libdeflate.h>

#include <memory>
#include <new>
#include <stdexcept>

namespace render_pdf {
namespace {

constexpr int k_level = 6;

struct FreeCompressor {
  void operator()(libdeflate_compressor* compressor) const { libdeflate_free_compressor(compressor); }
};

// One compressor per process: making one allocates and clears its hash tables.
libdeflate_compressor& compressor() {
  static const std::unique_ptr<libdeflate_compressor, FreeCompressor> instance(libdeflate_alloc_compressor(k_level));
  if (!instance) throw std::bad_alloc();
  return *instance;
}

}  // namespace

std::string deflate_zlib(std::string_view data) {
  libdeflate_compressor& deflater = compressor();
  std::string packed(libdeflate_zlib_compress_bound(&deflater, data.size()), '\0');
  const std::size_t length = libdeflate_zlib_compress(&deflater, data.data(), data.size(), packed.data(), packed.size());
  if (length == 0) throw std::runtime_error("libdeflate: the output did not fit its own bound");
  packed.resize(length);
  return packed;
}

}  // namespace render_pdf
